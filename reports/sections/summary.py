"""The one-page executive summary: the headlines in sentences, the key figures, the caveats
and the three most important actions."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, ListFlowable, ListItem, Paragraph

from reports import readings
from reports.charts.dumbbell import signed
from reports.sections import plan_change
from reports.sections.common import Context
from reports.sections.dimensions import profile_chart
from reports.styles import CAUTION, CAUTION_RULE

#: A leaders' gap smaller than this (index points) reads as "much the same".
SAME_VIEW_BELOW = 3.0


def stage_notes(ctx: Context) -> list[str]:
    """Why the stage is what it is: gating and borderline notes."""
    index, words = ctx.document["index"], ctx.words
    notes = []
    gates = index.get("gates") or []
    if gates and index.get("ungated_stage") and index["ungated_stage"] != index.get("stage"):
        bands = {band["id"]: band["name"] for band in ctx.document.get("bands") or []}
        reasons = "; ".join(words(f"gate_{gate}") for gate in gates
                            if f"gate_{gate}" in words.texts)
        notes.append(words("gated", stage=index.get("stage_name"),
                           ungated=bands.get(index["ungated_stage"], index["ungated_stage"]),
                           reasons=reasons))
    if index.get("borderline"):
        notes.append(words("borderline"))
    return notes


def _dimension_value(ctx: Context, dimension_id: str | None) -> str:
    dimension = ctx.dimension(dimension_id)
    if not dimension:
        return "–"
    return f"{dimension['name']}: {ctx.words.number(dimension.get('score'))}"


def trend_headline(ctx: Context) -> str | None:
    """The index's change since the earlier wave, in one sentence; None without a trend."""
    trend = ctx.document.get("trend") or {}
    change = (trend.get("index") or {}).get("change")
    if change is None:
        return None
    key = "headline_trend_clear" if trend["index"].get("significant") else "headline_trend_unclear"
    return ctx.words(key, title=(trend.get("previous") or {}).get("title") or "–",
                     change=signed(ctx.words, change))


def gap_headline(ctx: Context) -> str | None:
    """How leaders' view differs from everyone else's, in one sentence; None without it."""
    gap = ctx.document.get("perception_gap") or {}
    index_gap = (gap.get("index") or {}).get("gap")
    if not gap.get("available") or index_gap is None:
        return None
    words = ctx.words
    if abs(index_gap) < SAME_VIEW_BELOW:
        return words("headline_gap_same", gap=signed(words, index_gap))
    rows = [row for row in gap.get("dimensions") or [] if row.get("gap") is not None]
    if not rows:
        return words("headline_gap_same", gap=signed(words, index_gap))
    widest = max(rows, key=lambda row: row["gap"] if index_gap > 0 else -row["gap"])
    key = "headline_gap_higher" if index_gap > 0 else "headline_gap_lower"
    return words(key, gap=signed(words, index_gap), name=widest["name"],
                 dimension_gap=signed(words, widest["gap"]))


def headlines(ctx: Context) -> list[str]:
    """The summary's opening sentences: index and stage, barrier, trend and leaders' view."""
    document, words = ctx.document, ctx.words
    index = document["index"]
    if index.get("score") is None:
        return [words("no_index")]
    found = [words("headline_index", score=words.number(index["score"]),
                   stage=index.get("stage_name") or "–")]
    barrier = document.get("barrier")
    found.append(words("headline_barrier", name=barrier["name"],
                       score=words.number(barrier.get("score")))
                 if barrier else words("barrier_none", threshold=_threshold(ctx)))
    found += [line for line in (trend_headline(ctx), plan_change.headline(ctx),
                                gap_headline(ctx)) if line]
    return found


def _threshold(ctx: Context) -> str:
    return ctx.words.count((ctx.document.get("rules") or {}).get("barrier_below", 55))


def key_figures(ctx: Context) -> list[tuple[object, ...]]:
    document, words = ctx.document, ctx.words
    index = document["index"]
    low, high = words.interval(index.get("ci"))
    barrier = document.get("barrier")
    no_index = index.get("score") is None
    barrier_text = (f"{barrier['name']}: {words.number(barrier.get('score'))}" if barrier
                    else "–" if no_index else words("barrier_none", threshold=_threshold(ctx)))
    headcount = document["assessment"].get("headcount")
    if headcount and document.get("response_rate") is not None:
        responses = words("responses_rate", n=words.count(document.get("n")),
                          headcount=words.count(headcount),
                          rate=words.percent(document["response_rate"]))
    else:
        responses = words("responses_value", n=words.count(document.get("n")))
    stage = " — ".join([str(index.get("stage_name") or ""), " ".join(stage_notes(ctx))]).strip(" —")
    rows: list[tuple[object, ...]] = [
        (words("readiness_index"), "–" if no_index else
         words("score_with_interval", score=words.number(index["score"]), low=low, high=high)),
        (words("stage"), stage),
        (words("barrier"), barrier_text),
        (words("strongest"), _dimension_value(ctx, document.get("strongest"))),
        (words("weakest"), _dimension_value(ctx, document.get("weakest"))),
        (words("responses"), responses),
    ]
    trend = document.get("trend") or {}
    if (trend.get("index") or {}).get("change") is not None:
        rows.append((words("key_change"), words(
            "key_change_value", change=signed(words, trend["index"]["change"]),
            title=(trend.get("previous") or {}).get("title") or "–",
            clear=words("clear_yes") if trend["index"].get("significant") else words("clear_no"))))
    gap = document.get("perception_gap") or {}
    if gap.get("available") and (gap.get("index") or {}).get("gap") is not None:
        rows.append((words("key_gap"), words(
            "key_gap_value", leaders=words.number(gap["index"].get("leaders")),
            others=words.number(gap["index"].get("others")),
            gap=signed(words, gap["index"]["gap"]))))
    return rows


def action_titles(ctx: Context, actions: list[dict]) -> Flowable:
    """The most important actions by title and why (described in full with the plan)."""
    words, st = ctx.words, ctx.styles
    if not actions:
        return ctx.text(words("no_actions"))
    entries = [
        ListItem(Paragraph(
            ctx.rich(("b", action.get("title")))
            + "<br/>" + ctx.rich(("i", f"{words('why')}: "), ("i", action.get("why"))),
            st.small))
        for action in actions
    ]
    return ListFlowable(entries, bulletType="1", bulletFontName=st.body.fontName,
                        bulletFontSize=st.small.fontSize, leftIndent=16,
                        bulletColor=st.h1.textColor)


def summary(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    story: list[Flowable] = [ctx.heading(words("summary"))]
    story += [ctx.text(line, st.lead) for line in headlines(ctx)]
    story += [ctx.space(4), ctx.table(None, key_figures(ctx), [1, 2.6], bold_first=True),
              ctx.space(10)]
    caveats = readings.caveats(ctx.document, words)
    if caveats:
        story += [ctx.box([ctx.text(words("caveat_title"), st.h3),
                           *(ctx.text(caveat, st.small) for caveat in caveats)],
                          CAUTION, CAUTION_RULE), ctx.space(6)]
    story += profile_chart(ctx)
    if (ctx.document.get("rules") or {}).get("library", True) is not None:
        story.append(KeepTogether([
            ctx.heading(words("top_three_titles"), 1),
            action_titles(ctx, readings.top_actions(ctx.document, 3))]))
    return story
