"""Dimension scores with their 95% intervals, over the stage bands."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reports import palette
from reports.charts.style import axes_for, row_layout, styled
from reports.charts.table import DataTable
from reports.markup import chart_label
from reports.texts import labels

#: Dimension names wrap into lines of this many points at this size.
NAME_WIDTH = 140.0
NAME_SIZE = 8.5


def _ordered(dimensions: list[dict]) -> list[dict]:
    return sorted(dimensions, key=lambda d: d.get("order", 0))


def figure(
    dimensions: list[dict],
    bands: list[dict] | None = None,
    *,
    language: str = "en",
    ax: Axes | None = None,
) -> Figure:
    """Draw one row per dimension: a dot at the score and a line across its interval."""
    words = labels(language)
    rows = _ordered(dimensions)
    names = [chart_label(d["name"], width=NAME_WIDTH, size=NAME_SIZE) for d in rows]
    tops, heights, total = row_layout([name.count("\n") + 1 for name in names], minimum=0.4)
    centres = [top + height / 2 for top, height in zip(tops, heights, strict=True)]
    with styled():
        fig, ax = axes_for(ax, height=total + 0.55)
        for position, band in enumerate(sorted(bands or [], key=lambda b: b["lower"])):
            upper = band["upper"] + 1 if band["upper"] < 100 else 100
            ax.axvspan(band["lower"], upper, color=palette.band_colour(position), alpha=0.45,
                       linewidth=0)
        for row, dimension in zip(centres, rows, strict=True):
            score = dimension.get("score")
            if score is None:
                continue
            low, high = dimension.get("ci") or (score, score)
            ax.plot([low, high], [row, row], color=palette.ACCENT, linewidth=2.2,
                    solid_capstyle="round")
            ax.plot([score], [row], marker="o", markersize=7.5, color=palette.ACCENT,
                    markeredgecolor="white", markeredgewidth=1.2)
            ax.text(102, row, words.number(score), va="center", ha="left", fontsize=8.5,
                    fontweight="bold", color=palette.INK, parse_math=False)
        ax.set_yticks(centres, labels=names, parse_math=False)
        ax.set_ylim(total, 0)
        ax.set_xlim(0, 100)
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="white", linewidth=0.8)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(words("score"))
    return fig


def alt_text(dimensions: list[dict], *, language: str = "en") -> str:
    words = labels(language)
    parts = [f"{d['name']} {words.number(d.get('score'))}" for d in _ordered(dimensions)]
    return f"{words('profile_title')}: " + "; ".join(parts) + "."


def table(dimensions: list[dict], *, language: str = "en") -> DataTable:
    words = labels(language)
    rows = []
    for dimension in _ordered(dimensions):
        low, high = words.interval(dimension.get("ci"))
        rows.append((dimension["name"], words.number(dimension.get("score")), f"{low}–{high}",
                     words.percent((dimension.get("favourable") or {}).get("share")),
                     words.count(dimension.get("n"))))
    return DataTable(
        caption=words("profile_title"),
        headers=(words("dimension"), words("score"), words("alpha_interval"),
                 words("favourable"), words("people")),
        rows=tuple(rows),
    )
