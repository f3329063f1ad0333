"""Scores per segment group and dimension; hidden groups are shaded and never show a number."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from reports import palette
from reports.charts.style import axes_for, row_layout, styled
from reports.charts.table import DataTable
from reports.markup import chart_label, text_width
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


#: Group names wrap into lines of this many points at the left of their row.
GROUP_WIDTH = 125.0
HEADER_SIZE = 7.5
#: Headers too wide for their column are set at this angle (degrees).
ANGLE = 35
#: The chart's width in points less the group names' column and the margins.
_PLOT_ROOM = 475.0 - 24.0


def header_labels(names: list[str], group_room: float) -> tuple[list[str], bool]:
    """Column headers wrapped at spaces to the column's width; when a single word is wider
    than its column, the headers are set at an angle instead (whole, never broken)."""
    column = (_PLOT_ROOM - group_room) / max(len(names), 1) - 6
    longest_word = max((text_width(word, HEADER_SIZE) for name in names
                        for word in chart_label(name).split()), default=0.0)
    if longest_word <= column:
        return [chart_label(name, width=column, size=HEADER_SIZE) for name in names], False
    return [chart_label(name, width=150, size=HEADER_SIZE) for name in names], True


def figure(
    segment: dict,
    dimensions: list[dict],
    *,
    language: str = "en",
    ax: Axes | None = None,
) -> Figure:
    """Draw a grid of groups (rows) by index and dimensions (columns), every label whole."""
    words = labels(language)
    columns = _columns(dimensions)
    groups = segment.get("groups") or []
    norm = TwoSlopeNorm(vcenter=CENTRE, vmin=0, vmax=100)
    names = [chart_label(g.get("label"), width=GROUP_WIDTH, size=HEADER_SIZE) for g in groups]
    group_room = max((text_width(line, HEADER_SIZE) for name in names
                      for line in name.split("\n")), default=0.0) + 8
    headers, angled = header_labels([words("index_short"), *(c["name"] for c in columns)],
                                    group_room)
    header_lines = max(header.count("\n") + 1 for header in headers)
    tops, heights, total = row_layout([name.count("\n") + 1 for name in names], minimum=0.3,
                                      padding=0.1)
    head_room = header_lines * 0.14 + 0.25
    if angled:
        widest = max(text_width(line, HEADER_SIZE) for header in headers
                     for line in header.split("\n"))
        head_room = (widest * math.sin(math.radians(ANGLE))
                     + header_lines * 9.5 * math.cos(math.radians(ANGLE))) / 72 + 0.3
    with styled():
        fig, ax = axes_for(ax, height=total + head_room)
        for top, height, group in zip(tops, heights, groups, strict=True):
            middle = top + height / 2
            for column, value in enumerate(_values(group, columns)):
                cell = (column, top)
                if group.get("suppressed"):
                    ax.add_patch(Rectangle(cell, 1, height, facecolor=palette.DONT_KNOW,
                                           linewidth=0))
                    ax.text(column + 0.5, middle, words("hidden"), ha="center", va="center",
                            fontsize=7, color=palette.MUTED, parse_math=False,
                            )
                    continue
                if value is None:
                    ax.add_patch(Rectangle(cell, 1, height, facecolor=palette.DONT_KNOW))
                    continue
                shade = norm(value)
                ax.add_patch(Rectangle(cell, 1, height, facecolor=COLOURS(shade)))
                dark = shade < 0.15 or shade > 0.85
                ax.text(column + 0.5, middle, words.number(value), ha="center", va="center",
                        fontsize=8, color="white" if dark else palette.INK, parse_math=False,
                        fontweight="bold" if column == 0 else "normal")
        for top in [*tops, total]:
            ax.axhline(top, color="white", linewidth=1.5)
        for position in range(len(columns) + 2):
            ax.axvline(position, color="white", linewidth=1.5)
        ax.set_xticks(np.arange(len(headers)) + 0.5, labels=headers, parse_math=False)
        ax.xaxis.tick_top()
        if angled:
            for label in ax.get_xticklabels():
                label.set_rotation(ANGLE)
                label.set_horizontalalignment("left")
                label.set_rotation_mode("anchor")
        ax.set_yticks([top + height / 2 for top, height in zip(tops, heights, strict=True)],
                      labels=names, parse_math=False)
        ax.set_xlim(0, len(headers))
        ax.set_ylim(total, 0)
        ax.tick_params(length=0, labelsize=HEADER_SIZE)
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
    return words("alt_heatmap", title=words("heatmap_title", name=segment.get("name")),
                 groups="; ".join(parts))


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
