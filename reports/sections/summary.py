"""The one-page executive summary."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, ListFlowable, ListItem, Paragraph

from reports import readings
from reports.charts import profile
from reports.sections.common import Context
from reports.styles import CAUTION, CAUTION_RULE


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


def key_figures(ctx: Context) -> list[tuple[object, ...]]:
    document, words = ctx.document, ctx.words
    index = document["index"]
    low, high = words.interval(index.get("ci"))
    barrier = document.get("barrier")
    barrier_text = (f"{barrier['name']}: {words.number(barrier.get('score'))}" if barrier
                    else words("barrier_none"))
    headcount = document["assessment"].get("headcount")
    if headcount and document.get("response_rate") is not None:
        responses = words("responses_rate", n=words.count(document.get("n")),
                          headcount=words.count(headcount),
                          rate=words.percent(document["response_rate"]))
    else:
        responses = words("responses_value", n=words.count(document.get("n")))
    stage = " — ".join([str(index.get("stage_name") or ""), " ".join(stage_notes(ctx))]).strip(" —")
    return [
        (words("readiness_index"),
         words("score_with_interval", score=words.number(index["score"]), low=low, high=high)),
        (words("stage"), stage),
        (words("barrier"), barrier_text),
        (words("strongest"), _dimension_value(ctx, document.get("strongest"))),
        (words("weakest"), _dimension_value(ctx, document.get("weakest"))),
        (words("responses"), responses),
    ]


def action_list(ctx: Context, actions: list[dict]) -> Flowable:
    words, st = ctx.words, ctx.styles
    if not actions:
        return ctx.text(words("no_actions"))
    entries = [
        ListItem(Paragraph(
            ctx.rich(("b", action.get("title")), ("", " — "), ("", action.get("action")))
            + "<br/>" + ctx.rich(("i", f"{words('why')}: "), ("i", action.get("why"))),
            st.body))
        for action in actions
    ]
    return ListFlowable(entries, bulletType="1", bulletFontName=st.body.fontName,
                        bulletFontSize=st.body.fontSize, leftIndent=16,
                        bulletColor=st.h1.textColor)


def summary(ctx: Context) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    story: list[Flowable] = [
        ctx.heading(words("summary")),
        ctx.table(None, key_figures(ctx), [1, 2.6], bold_first=True),
        ctx.space(10),
    ]
    caveats = readings.caveats(ctx.document, words)
    if caveats:
        story += [ctx.box([ctx.text(words("caveat_title"), st.h3),
                           *(ctx.text(caveat, st.small) for caveat in caveats)],
                          CAUTION, CAUTION_RULE), ctx.space(6)]
    story.append(KeepTogether([ctx.heading(words("top_actions"), 1),
                               action_list(ctx, readings.top_actions(ctx.document))]))
    dimensions = ctx.document.get("dimensions") or []
    if dimensions:
        story += [ctx.space(4), KeepTogether([
            ctx.text(words("profile_title"), st.h3),
            ctx.chart(profile.figure(dimensions, ctx.document.get("bands") or [],
                                     language=words.language), width_share=0.92),
        ])]
    return story
