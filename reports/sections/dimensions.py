"""One section per dimension: its figures, how people answered, and what it means."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from reports import readings
from reports.charts import items
from reports.sections.common import Context


def figures_line(ctx: Context, dimension: dict) -> str:
    words = ctx.words
    low, high = words.interval(dimension.get("ci"))
    return words(
        "figures_line", score=words.number(dimension.get("score")), low=low, high=high,
        favourable=words.percent((dimension.get("favourable") or {}).get("share")),
        dont_know=words.percent(dimension.get("dont_know_share")),
        n=words.count(dimension.get("n")),
    )


def dimension_section(ctx: Context, dimension: dict) -> list[Flowable]:
    words, st = ctx.words, ctx.styles
    block: list[Flowable] = [
        ctx.heading(dimension["name"], 1),
        ctx.text(figures_line(ctx, dimension), st.body),
    ]
    if dimension.get("description"):
        block.append(ctx.text(dimension["description"], st.muted))
    if dimension.get("items"):
        block.append(ctx.chart(items.figure(dimension, language=words.language)))
    reading = readings.dimension_reading(ctx.document, dimension, words)
    if reading:
        block += [ctx.text(words("what_it_means"), st.h3), ctx.text(" ".join(reading))]
    return [KeepTogether(block)]


def dimensions(ctx: Context) -> list[Flowable]:
    words = ctx.words
    ordered = sorted(ctx.document.get("dimensions") or [], key=lambda d: d.get("order", 0))
    story: list[Flowable] = [ctx.heading(words("dimensions")),
                             ctx.text(words("dimensions_intro"), ctx.styles.muted)]
    for dimension in ordered:
        story += dimension_section(ctx, dimension)
    if any(item.get("reverse") for d in ordered for item in d.get("items") or []):
        story.append(ctx.text(words("reverse_note"), ctx.styles.muted))
    return story
