"""Comparisons: results by group, the perception gap and the trend."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from reports.charts import gap, heatmap, trend
from reports.sections.common import Context


def segments(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    dimensions = ctx.document.get("dimensions") or []
    story: list[Flowable] = [ctx.heading(words("segments")),
                             ctx.text(words("segments_intro", k=ctx.k), st.muted)]
    all_segments = ctx.document.get("segments") or []
    if not all_segments:
        story.append(ctx.text(words("no_segments", k=ctx.k)))
    for segment in all_segments:
        data = heatmap.table(segment, dimensions, k=ctx.k, language=words.language)
        story += [
            KeepTogether([
                ctx.heading(segment.get("name"), 1),
                ctx.chart(heatmap.figure(segment, dimensions, language=words.language)),
            ]),
            ctx.table(data.headers, data.rows, [2.2, 1.3] + [1.1] * (len(data.headers) - 2),
                      bold_first=True),
        ]
    return story


def perception_gap(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    gap_data = ctx.document.get("perception_gap") or {}
    heading = ctx.heading(words("perception_gap"))
    if not gap_data.get("available"):
        reason = gap_data.get("reason") or words("gap_unavailable_default", k=ctx.k)
        return [KeepTogether([heading, ctx.text(words("gap_unavailable", reason=reason))])]
    data = gap.table(gap_data, language=words.language)
    return [
        KeepTogether([heading, ctx.text(words("gap_intro"), st.muted),
                      ctx.chart(gap.figure(gap_data, language=words.language), 0.92)]),
        ctx.table(data.headers, data.rows, [2.4, 1, 1, 1], bold_first=True),
    ]


def trend_section(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    trend_data = ctx.document.get("trend")
    if not trend_data:
        return []
    previous = trend_data.get("previous") or {}
    data = trend.table(trend_data, language=words.language)
    return [
        KeepTogether([
            ctx.heading(words("trend")),
            ctx.text(words("trend_intro", title=previous.get("title") or "–",
                           n=words.count(previous.get("n")),
                           closes=words.date(previous.get("closes_on"))), st.muted),
            ctx.chart(trend.figure(trend_data, language=words.language), 0.92),
        ]),
        ctx.table(data.headers, data.rows, [2.4, 1, 1, 1, 1.2], bold_first=True),
    ]
