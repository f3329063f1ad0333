"""The dimensions at a glance, what holds the organisation back, and (in the appendix) how
people answered each statement."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from reports import readings
from reports.charts import profile
from reports.sections.common import Context


def ordered(ctx: Context) -> list[dict]:
    return sorted(ctx.document.get("dimensions") or [], key=lambda d: d.get("order", 0))


def figures_line(ctx: Context, dimension: dict) -> str:
    words = ctx.words
    low, high = words.interval(dimension.get("ci"))
    offered = (ctx.document.get("rules") or {}).get("dont_know", True)
    return words(
        "figures_line" if offered else "figures_line_plain",
        score=words.number(dimension.get("score")), low=low, high=high,
        favourable=words.percent((dimension.get("favourable") or {}).get("share")),
        dont_know=words.percent(dimension.get("dont_know_share")),
        n=words.count(dimension.get("n")),
    )


def dimensions(ctx: Context) -> list[Flowable]:
    """One row per dimension with its score and what it means (the chart is in the summary)."""
    words = ctx.words
    rows = ordered(ctx)
    story: list[Flowable] = [ctx.heading(words("dimension_overview"))]
    if not rows:
        return story
    table_rows = []
    for dimension in rows:
        low, high = words.interval(dimension.get("ci"))
        reading = readings.dimension_reading(ctx.document, dimension, words)
        table_rows.append((
            dimension["name"],
            f"{words.number(dimension.get('score'))} ({low}–{high})",
            words.percent((dimension.get("favourable") or {}).get("share")),
            reading[0] if reading else "–",
        ))
    story.append(ctx.table((words("dimension"), words("score"), words("favourable"),
                            words("what_it_means")), table_rows, [1.9, 1.1, 0.9, 3.3],
                           bold_first=True))
    return story


def profile_chart(ctx: Context) -> list[Flowable]:
    """The dimension scores with their intervals over the stage bands, titled."""
    rows = ordered(ctx)
    if not rows:
        return []
    return [KeepTogether([
        ctx.text(ctx.words("profile_title"), ctx.styles.h3),
        ctx.chart(profile.figure(rows, ctx.document.get("bands") or [],
                                 language=ctx.words.language), width_share=0.85),
    ])]


def barrier(ctx: Context) -> list[Flowable]:
    """What holds the organisation back, why that dimension (not merely the lowest), and
    how people answered its statements."""
    words, st = ctx.words, ctx.styles
    found = ctx.document.get("barrier")
    rules = ctx.document.get("rules") or {}
    threshold = words.count(rules.get("barrier_below", 55))
    heading = ctx.heading(words("barrier"))
    if not found:
        none = ("no_index" if (ctx.document.get("index") or {}).get("score") is None
                else "barrier_none")
        return [KeepTogether([heading, ctx.text(words(none, threshold=threshold))])]
    rows = ordered(ctx)
    dimension = ctx.dimension(found["id"]) or {}
    order = " → ".join(d["name"] for d in rows)
    lines = [words("barrier_reason", order=order, name=found["name"], threshold=threshold)]
    position = next((i for i, d in enumerate(rows) if d["id"] == found["id"]), 0)
    lower = [d["name"] for d in rows[position + 1:]
             if d.get("score") is not None and d["score"] < (found.get("score") or 0)]
    if lower:
        lines.append(words("barrier_lower_note", names=", ".join(lower), name=found["name"]))
    block: list[Flowable] = [
        heading,
        ctx.text(words("headline_barrier", name=found["name"],
                       score=words.number(found.get("score"))), st.lead),
        *(ctx.text(line) for line in lines),
        ctx.text(figures_line(ctx, dimension), st.muted) if dimension else ctx.space(0),
    ]
    if dimension.get("items"):
        block.append(ctx.item_chart(dimension))
    return [KeepTogether(block)]


def statement_details(ctx: Context) -> list[Flowable]:
    """Appendix: each dimension's statements as diverging bars, with what they mean."""
    words, st = ctx.words, ctx.styles
    story: list[Flowable] = [ctx.heading(words("statement_details"), 1),
                             ctx.text(words("dimensions_intro"), st.muted)]
    rows = ordered(ctx)
    for dimension in rows:
        block: list[Flowable] = [ctx.text(dimension["name"], st.h3),
                                 ctx.text(figures_line(ctx, dimension), st.small)]
        if dimension.get("description"):
            block.append(ctx.text(dimension["description"], st.muted))
        if dimension.get("items"):
            block.append(ctx.item_chart(dimension))
        reading = readings.dimension_reading(ctx.document, dimension, words)
        if reading:
            block.append(ctx.text(" ".join(reading), st.small))
        story.append(KeepTogether(block))
    if any(item.get("reverse") for d in rows for item in d.get("items") or []):
        story.append(ctx.text(words("reverse_note"), st.muted))
    return story
