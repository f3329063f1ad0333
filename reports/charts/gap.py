"""The perception gap: how leaders score each dimension against everyone else."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reports import palette
from reports.charts import dumbbell
from reports.charts.table import DataTable
from reports.texts import labels


def figure(perception_gap: dict, *, language: str = "en", ax: Axes | None = None) -> Figure:
    """Draw others and leaders per dimension, with the gap written at the right."""
    words = labels(language)
    rows = [(d["name"], d.get("others"), d.get("leaders"), dumbbell.signed(words, d.get("gap")))
            for d in perception_gap.get("dimensions") or []]
    return dumbbell.draw(rows, first=(words("others"), palette.OTHERS),
                         second=(words("leaders"), palette.LEADERS), words=words, ax=ax)


def alt_text(perception_gap: dict, *, language: str = "en") -> str:
    words = labels(language)
    parts = [words("alt_gap_part", name=d["name"], leaders=words.number(d.get("leaders")),
                   others=words.number(d.get("others")))
             for d in perception_gap.get("dimensions") or []]
    return f"{words('gap_title')}: " + "; ".join(parts) + "."


def table(perception_gap: dict, *, language: str = "en") -> DataTable:
    words = labels(language)
    rows = tuple(
        (d["name"], words.number(d.get("leaders")), words.number(d.get("others")),
         dumbbell.signed(words, d.get("gap")))
        for d in perception_gap.get("dimensions") or []
    )
    return DataTable(
        caption=words("gap_title"),
        headers=(words("dimension"), words("leaders"), words("others"), words("gap")),
        rows=rows,
    )
