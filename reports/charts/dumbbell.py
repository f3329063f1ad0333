"""A dumbbell chart: two scores per row joined by a line (used by the gap and trend charts)."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from reports import palette
from reports.charts.style import axes_for, row_layout, styled
from reports.markup import chart_label
from reports.texts import Labels

#: Row names wrap into lines of this many points.
NAME_WIDTH = 140.0


def draw(
    rows: list[tuple[str, float | None, float | None, str]],
    *,
    first: tuple[str, str],
    second: tuple[str, str],
    words: Labels,
    ax: Axes | None,
) -> Figure:
    """Draw ``(label, first, second, note)`` rows; ``first``/``second`` are (name, colour)."""
    names = [chart_label(row[0], width=NAME_WIDTH, size=8.5) for row in rows]
    tops, heights, total = row_layout([name.count("\n") + 1 for name in names], minimum=0.36)
    centres = [top + height / 2 for top, height in zip(tops, heights, strict=True)]
    with styled():
        fig, ax = axes_for(ax, height=total + 0.85)
        for row, (_label, one, two, note) in zip(centres, rows, strict=True):
            if one is None or two is None:
                continue
            ax.plot([one, two], [row, row], color=palette.RULE, linewidth=3, zorder=1)
            ax.plot([one], [row], "o", color=first[1], markersize=8, zorder=2,
                    markeredgecolor="white")
            ax.plot([two], [row], "o", color=second[1], markersize=8, zorder=3,
                    markeredgecolor="white")
            ax.text(102, row, note, va="center", ha="left", fontsize=8, color=palette.INK,
                    parse_math=False)
        ax.set_yticks(centres, labels=names, parse_math=False)
        ax.set_ylim(total, 0)
        ax.set_xlim(0, 100)
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.grid(axis="x", color=palette.RULE, linewidth=0.5)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(words("score"))
        handles = [
            Line2D([], [], marker="o", linestyle="", color=colour, label=name, markersize=7)
            for name, colour in (first, second)
        ]
        fig.legend(handles=handles, loc="outside upper center", ncols=2)
    return fig


def signed(words: Labels, value: float | None) -> str:
    """A change with its sign, e.g. ``+4.8`` or ``−1.5``."""
    if value is None:
        return "–"
    text = words.number(abs(value))
    return ("+" if value > 0 else "−" if value < 0 else "±") + text
