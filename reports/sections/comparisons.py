"""Comparisons: results by group, the perception gap and the trend; group sizes for the
appendix."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from reports.charts import gap, heatmap, trend
from reports.sections.common import Context


def segments(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    dimensions = ctx.document.get("dimensions") or []
    all_segments = ctx.document.get("segments") or []
    heading = ctx.heading(words("segments"))
    if not all_segments:
        return [KeepTogether([heading, ctx.text(words("no_segments", k=ctx.k))])]
    story: list[Flowable] = [heading, ctx.text(words("segments_intro", k=ctx.k), st.muted)]
    for segment in all_segments:
        story.append(KeepTogether([
            ctx.heading(segment.get("name"), 1),
            ctx.chart(heatmap.figure(segment, dimensions, language=words.language)),
        ]))
    return story


def group_sizes(ctx: Context) -> list[Flowable]:
    """Appendix: how many people each group's figures rest on (hidden groups say why)."""
    words = ctx.words
    dimensions = ctx.document.get("dimensions") or []
    all_segments = ctx.document.get("segments") or []
    if not all_segments:
        return []
    story: list[Flowable] = [ctx.heading(words("group_sizes"), 1)]
    for segment in all_segments:
        story.append(KeepTogether([ctx.text(segment.get("name"), ctx.styles.h3),
                                   segment_table(ctx, segment, dimensions)]))
    return story


def segment_table(ctx: Context, segment: dict, dimensions: list[dict]) -> Table:
    """Group sizes and index; a hidden group gets one cell saying why, spanning the row."""
    data = heatmap.table(segment, dimensions, k=ctx.k, language=ctx.words.language)
    groups = segment.get("groups") or []
    rows = [
        (row[0], row[1], "") if group.get("suppressed") else row[:3]
        for row, group in zip(data.rows, groups, strict=True)
    ]
    table = ctx.table(data.headers[:3], rows, [3, 1.4, 1.4], bold_first=True)
    table.setStyle(TableStyle([
        ("SPAN", (1, number), (-1, number))
        for number, group in enumerate(groups, start=1) if group.get("suppressed")
    ]))
    return table


def perception_gap(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    gap_data = ctx.document.get("perception_gap") or {}
    heading = ctx.heading(words("perception_gap"))
    if not gap_data.get("available"):
        reason = gap_data.get("reason") or words("gap_unavailable_default", k=ctx.k)
        return [KeepTogether([heading, ctx.text(words("gap_unavailable", reason=reason))])]
    data = gap.table(gap_data, language=words.language)
    return [KeepTogether([
        heading, ctx.text(words("gap_intro"), st.muted),
        ctx.chart(gap.figure(gap_data, language=words.language), 0.8),
        ctx.table(data.headers, data.rows, [2.4, 1, 1, 1], bold_first=True),
    ])]


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
            ctx.chart(trend.figure(trend_data, language=words.language), 0.8),
            ctx.table(data.headers, data.rows, [2.4, 1, 1, 1, 1.2], bold_first=True),
        ]),
    ]
