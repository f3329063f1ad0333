"""Scores per segment group and dimension; hidden groups are hatched and never show a number."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from reports import palette
from reports.charts.style import axes_for, styled
from reports.charts.table import DataTable
from reports.markup import chart_label
from reports.texts import labels

COLOURS = LinearSegmentedColormap.from_list("readiness-heat", palette.HEAT)
#: Scores below this read as weak (orange), above as strong (blue).
CENTRE = 55.0


def _columns(dimensions: list[dict]) -> list[dict]:
    return sorted(dimensions, key=lambda d: d.get("order", 0))


def hidden_label(group: dict, k: int, language: str) -> str:
    """Why a group is hidden, without any number from the group itself."""
    words = labels(language)
    if group.get("reason") == "secondary":
        return words("hidden_secondary")
    return words("hidden_primary", k=k)


def _values(group: dict, columns: list[dict]) -> list[float | None]:
    if group.get("suppressed"):
        return [None] * (len(columns) + 1)
    scores = group.get("dimensions") or {}
    return [group.get("index"), *(scores.get(column["id"]) for column in columns)]


def figure(
    segment: dict,
    dimensions: list[dict],
    *,
    language: str = "en",
    ax: Axes | None = None,
) -> Figure:
    """Draw a grid of groups (rows) by index and dimensions (columns)."""
    words = labels(language)
    columns = _columns(dimensions)
    groups = segment.get("groups") or []
    norm = TwoSlopeNorm(vcenter=CENTRE, vmin=0, vmax=100)
    with styled():
        fig, ax = axes_for(ax, height=0.36 * len(groups) + 1.0)
        for row, group in enumerate(groups):
            for column, value in enumerate(_values(group, columns)):
                if group.get("suppressed"):
                    ax.add_patch(Rectangle((column, row), 1, 1, facecolor="white",
                                           edgecolor=palette.HIDDEN_HATCH, hatch="////",
                                           linewidth=0))
                    ax.text(column + 0.5, row + 0.5, words("hidden"), ha="center", va="center",
                            fontsize=7, color=palette.MUTED, parse_math=False,
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.2})
                    continue
                if value is None:
                    ax.add_patch(Rectangle((column, row), 1, 1, facecolor=palette.DONT_KNOW))
                    continue
                shade = norm(value)
                ax.add_patch(Rectangle((column, row), 1, 1, facecolor=COLOURS(shade)))
                dark = shade < 0.15 or shade > 0.85
                ax.text(column + 0.5, row + 0.5, words.number(value), ha="center", va="center",
                        fontsize=8, color="white" if dark else palette.INK, parse_math=False,
                        fontweight="bold" if column == 0 else "normal")
        for position in range(len(groups) + 1):
            ax.axhline(position, color="white", linewidth=1.5)
        for position in range(len(columns) + 2):
            ax.axvline(position, color="white", linewidth=1.5)
        headers = [words("index_short"), *(chart_label(c["name"], width=16, lines=2)
                                           for c in columns)]
        ax.set_xticks(np.arange(len(headers)) + 0.5, labels=headers, parse_math=False)
        ax.xaxis.tick_top()
        ax.set_yticks(np.arange(len(groups)) + 0.5,
                      labels=[chart_label(g.get("label"), width=24) for g in groups],
                      parse_math=False)
        ax.set_xlim(0, len(headers))
        ax.set_ylim(len(groups), 0)
        ax.tick_params(length=0, labelsize=7.5)
        for spine in ax.spines.values():
            spine.set_visible(False)
    return fig


def alt_text(segment: dict, *, k: int, language: str = "en") -> str:
    words = labels(language)
    parts = []
    for group in segment.get("groups") or []:
        if group.get("suppressed"):
            parts.append(f"{group.get('label')}: {hidden_label(group, k, language)}")
        else:
            parts.append(f"{group.get('label')}: {words.number(group.get('index'))}")
    return (f"{words('heatmap_title', name=segment.get('name'))}, "
            f"{words('index_short').lower()}: " + "; ".join(parts) + ".")


def table(segment: dict, dimensions: list[dict], *, k: int, language: str = "en") -> DataTable:
    words = labels(language)
    columns = _columns(dimensions)
    rows = []
    for group in segment.get("groups") or []:
        if group.get("suppressed"):
            hidden = hidden_label(group, k, language)
            hidden_cells = [words("hidden")] * (len(columns) + 1)
            rows.append((str(group.get("label")), hidden, *hidden_cells))
            continue
        values = _values(group, columns)
        rows.append((str(group.get("label")), words.count(group.get("n")),
                     *(words.number(value) for value in values)))
    return DataTable(
        caption=words("heatmap_title", name=segment.get("name")),
        headers=(words("group"), words("people"), words("index_short"),
                 *(c["name"] for c in columns)),
        rows=tuple(rows),
    )
