"""The trend: previous against current scores for the index and each dimension."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reports import palette
from reports.charts import dumbbell
from reports.charts.table import DataTable
from reports.texts import labels


def _rows(trend: dict, language: str) -> list[dict]:
    words = labels(language)
    return [{"name": words("readiness_index"), **trend["index"]}, *(trend.get("dimensions") or [])]


def figure(trend: dict, *, language: str = "en", ax: Axes | None = None) -> Figure:
    """Draw previous and current score per row; clear changes are marked with a star."""
    words = labels(language)
    rows = [(row["name"], row.get("previous"), row.get("current"),
             dumbbell.signed(words, row.get("change")) + (" *" if row.get("significant") else ""))
            for row in _rows(trend, language)]
    return dumbbell.draw(rows, first=(words("previous"), palette.PREVIOUS),
                         second=(words("current"), palette.CURRENT), words=words, ax=ax)


def alt_text(trend: dict, *, language: str = "en") -> str:
    words = labels(language)
    parts = [f"{row['name']} {words.number(row.get('previous'))} → "
             f"{words.number(row.get('current'))}" for row in _rows(trend, language)]
    return f"{words('trend_title')}: " + "; ".join(parts) + "."


def table(trend: dict, *, language: str = "en") -> DataTable:
    words = labels(language)
    rows = tuple(
        (row["name"], words.number(row.get("previous")), words.number(row.get("current")),
         dumbbell.signed(words, row.get("change")),
         words("significant_yes") if row.get("significant") else words("significant_no"))
        for row in _rows(trend, language)
    )
    return DataTable(
        caption=words("trend_title"),
        headers=(words("dimension"), words("previous"), words("current"), words("change"),
                 words("significant")),
        rows=rows,
    )
