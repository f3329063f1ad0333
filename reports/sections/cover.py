"""The cover: who, what, when, and the index with its stage, big and clear."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle

from reports import fonts
from reports.charts import gauge
from reports.sections.common import Context


def cover_title(ctx: Context) -> str:
    """The instrument's own title (a custom instrument's report is not "social media")."""
    instrument = ctx.document["assessment"].get("instrument") or {}
    return instrument.get("title") or ctx.words("report_title")


def survey_dates(ctx: Context) -> str:
    assessment = ctx.document["assessment"]
    words = ctx.words
    if assessment.get("opens_on") and assessment.get("closes_on"):
        return words("survey_period", opens=words.date(assessment["opens_on"]),
                     closes=words.date(assessment["closes_on"]))
    if assessment.get("closes_on"):
        return words("survey_closed", closes=words.date(assessment["closes_on"]))
    return words.date(ctx.document.get("generated_on"))


def cover(ctx: Context) -> list[Flowable]:
    assessment = ctx.document["assessment"]
    words, st = ctx.words, ctx.styles
    story: list[Flowable] = [
        ctx.space(70),
        ctx.text(cover_title(ctx).upper(), st.muted),
        ctx.space(6),
        ctx.text(assessment.get("organisation"), st.cover_organisation),
        ctx.text(assessment.get("title"), st.cover_title),
        ctx.text(survey_dates(ctx), st.cover_meta),
        ctx.space(60),
    ]
    index = ctx.document.get("index")
    if ctx.document.get("suppressed") or not index:
        return story
    if index.get("score") is None:
        return [*story, ctx.text(words("no_index"), st.cover_meta)]
    low, high = words.interval(index.get("ci"))
    figures = Table(
        [[
            [ctx.text(words("readiness_index"), st.muted),
             ctx.text(words.number(index["score"]), st.cover_score),
             ctx.text(f"{words('out_of_100')} · {words('interval', low=low, high=high)}",
                      st.cover_meta)],
            [ctx.text(words("stage"), st.muted),
             ctx.text(index.get("stage_name"), st.cover_stage),
             *([ctx.text(words("borderline"), st.cover_meta)] if index.get("borderline") else [])],
        ]],
        colWidths=[ctx.width * 0.5, ctx.width * 0.5], hAlign="LEFT", splitInRow=1,
    )
    figures.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [figures, ctx.space(18),
              ctx.chart(gauge.figure(index, ctx.document.get("bands") or [],
                                     language=ctx.words.language))]
    return story
