"""Charts of a results document, each with a one-sentence text alternative and its data.

Every chart module offers ``figure(...) -> Figure`` (drawn on a fresh ``Figure`` or the
given ``ax``; never pyplot), ``alt_text(...) -> str`` and ``table(...) -> DataTable``.
``document_charts`` bundles them per document for web pages and the PDF.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.figure import Figure

from reports.charts import gap, gauge, heatmap, items, profile, render, trend
from reports.charts.render import to_png, to_svg
from reports.charts.table import DataTable
from reports.texts import labels

__all__ = ["ChartView", "DataTable", "document_charts", "to_png", "to_svg"]


@dataclass(frozen=True)
class ChartView:
    """One chart of a document: a title, its text alternative, its data and how to draw it."""

    key: str  #: stable and unique within a document, safe for use in an HTML id
    title: str
    alt_text: str
    table: DataTable
    draw: Callable[[], Figure]

    def figure(self) -> Figure:
        return self.draw()

    def svg(self) -> str:
        """Inline SVG with ``role="img"`` and a ``<title>`` the page can point to."""
        return render.to_svg(self.draw(), title=self.title, title_id=f"chart-{self.key}-title")

    def png(self, dpi: int = 150) -> bytes:
        return render.to_png(self.draw(), dpi=dpi)


def document_charts(document: dict) -> list[ChartView]:
    """Every chart the document supports, in report order; none when it is suppressed."""
    if document.get("suppressed"):
        return []
    language = document.get("language", "en")
    words = labels(language)
    k = document["assessment"]["k"]
    dimensions = document.get("dimensions") or []
    bands = document.get("bands") or []
    views: list[ChartView] = []
    if document.get("index"):
        index = document["index"]
        views.append(ChartView(
            "index", words("readiness_index"), gauge.alt_text(index, bands, language=language),
            gauge.table(index, bands, language=language),
            functools.partial(gauge.figure, index, bands, language=language)))
    if dimensions:
        views.append(ChartView(
            "profile", words("profile_title"), profile.alt_text(dimensions, language=language),
            profile.table(dimensions, language=language),
            functools.partial(profile.figure, dimensions, bands, language=language)))
    for position, dimension in enumerate(dimensions):
        views.append(ChartView(
            f"items-{position}", words("item_chart_title", name=dimension["name"]),
            items.alt_text(dimension, language=language),
            items.table(dimension, language=language),
            functools.partial(items.figure, dimension, language=language)))
    for position, segment in enumerate(document.get("segments") or []):
        views.append(ChartView(
            f"segment-{position}", words("heatmap_title", name=segment.get("name")),
            heatmap.alt_text(segment, k=k, language=language),
            heatmap.table(segment, dimensions, k=k, language=language),
            functools.partial(heatmap.figure, segment, dimensions, language=language)))
    perception_gap = document.get("perception_gap") or {}
    if perception_gap.get("available"):
        views.append(ChartView(
            "gap", words("gap_title"), gap.alt_text(perception_gap, language=language),
            gap.table(perception_gap, language=language),
            functools.partial(gap.figure, perception_gap, language=language)))
    if document.get("trend"):
        views.append(ChartView(
            "trend", words("trend_title"), trend.alt_text(document["trend"], language=language),
            trend.table(document["trend"], language=language),
            functools.partial(trend.figure, document["trend"], language=language)))
    return views
