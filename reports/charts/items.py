"""How people answered each statement of one dimension, as diverging stacked bars.

Unfavourable answers extend left of zero, favourable ones right, and neutral answers sit
centred across zero, so the balance of opinion reads at a glance.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from reports import palette
from reports.charts.style import axes_for, row_layout, styled
from reports.charts.table import DataTable
from reports.markup import chart_label, text_width
from reports.texts import labels


def _point_colours(points: int) -> list[str]:
    """Colour per answer point after recoding, 1 first: two unfavourable, two favourable."""
    middle = [palette.NEUTRAL] * max(points - 4, 0)
    return [palette.VERY_UNFAVOURABLE, palette.UNFAVOURABLE, *middle,
            palette.FAVOURABLE, palette.VERY_FAVOURABLE][:points] if points >= 4 else (
        [palette.UNFAVOURABLE, palette.FAVOURABLE][:points])


def shares(distribution: list[int]) -> list[float]:
    """Percent of substantive answers per point (don't know excluded)."""
    total = sum(distribution)
    return [100.0 * count / total if total else 0.0 for count in distribution]


#: Statements wrap into lines of this many points, at this size, beside their bars.
LABEL_WIDTH = 215.0
LABEL_SIZE = 7.5


def _label(item: dict) -> str:
    suffix = " (R)" if item.get("reverse") else ""
    return chart_label(f"{item['text']}{suffix}", width=LABEL_WIDTH, size=LABEL_SIZE)


def legend_columns(names: list[str], size: float = 7.5, room: float = 440.0) -> int:
    """Five legend entries in one row when they fit the chart's width, else three a row."""
    needed = sum(text_width(name, size) + 28 for name in names)
    return len(names) if needed <= room else 3


def figure(dimension: dict, *, language: str = "en", ax: Axes | None = None) -> Figure:
    """Draw one diverging bar per statement of ``dimension``, its whole text beside it."""
    words = labels(language)
    items = dimension.get("items") or []
    names = [_label(item) for item in items]
    tops, heights, total = row_layout([name.count("\n") + 1 for name in names])
    centres = [top + height / 2 for top, height in zip(tops, heights, strict=True)]
    with styled():
        fig, ax = axes_for(ax, height=total + 1.0)
        for row, item in zip(centres, items, strict=True):
            percents = shares(item.get("distribution") or [])
            points = len(percents)
            if not points or not sum(item.get("distribution") or []):
                # Answered by fewer than k people: scoring withholds the distribution.
                ax.text(0, row, words("hidden"), ha="center", va="center", fontsize=7.5,
                        color=palette.MUTED, parse_math=False)
                continue
            colours = _point_colours(points)
            neutral = sum(percents[2 : points - 2]) if points > 4 else 0.0
            left = -(percents[0] + percents[1]) - neutral / 2 if points >= 4 else -percents[0]
            for share, colour in zip(percents, colours, strict=False):
                ax.barh(row, share, left=left, height=0.22, color=colour, edgecolor="white",
                        linewidth=0.6)
                left += share
            unfavourable = sum(percents[:2]) if points >= 4 else percents[0]
            favourable = sum(percents[-2:]) if points >= 4 else percents[-1]
            start = -(unfavourable + neutral / 2)
            end = favourable + neutral / 2
            ax.text(start - 2, row, words.percent(unfavourable / 100), ha="right", va="center",
                    fontsize=7.5, color=palette.VERY_UNFAVOURABLE, parse_math=False)
            ax.text(end + 2, row, words.percent(favourable / 100), ha="left", va="center",
                    fontsize=7.5, color=palette.VERY_FAVOURABLE, parse_math=False)
        ax.axvline(0, color=palette.MUTED, linewidth=0.8)
        ax.set_yticks(centres, labels=names, parse_math=False)
        ax.set_ylim(total, 0)
        ax.set_xlim(-100, 100)
        ax.set_xticks([-100, -50, 0, 50, 100], labels=["100", "50", "0", "50", "100"])
        ax.tick_params(axis="y", length=0, labelsize=LABEL_SIZE)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("%")
        entries = [
            (palette.VERY_UNFAVOURABLE, words("very_unfavourable")),
            (palette.UNFAVOURABLE, words("unfavourable")),
            (palette.NEUTRAL, words("neutral")),
            (palette.FAVOURABLE, words("favourable")),
            (palette.VERY_FAVOURABLE, words("very_favourable")),
        ]
        legend = [Patch(color=colour, label=name) for colour, name in entries]
        fig.legend(handles=legend, loc="outside upper center",
                   ncols=legend_columns([name for _, name in entries]), handlelength=1.2,
                   columnspacing=1.2, fontsize=7.5)
    return fig


def alt_text(dimension: dict, *, language: str = "en") -> str:
    words = labels(language)
    favourable = (dimension.get("favourable") or {}).get("share")
    unfavourable = (dimension.get("unfavourable") or {}).get("share")
    return words("alt_items", title=words("item_chart_title", name=dimension["name"]),
                 favourable=words.percent(favourable), unfavourable=words.percent(unfavourable),
                 count=len(dimension.get("items") or []))


def table(dimension: dict, *, language: str = "en") -> DataTable:
    words = labels(language)
    rows = tuple(
        (
            item["text"] + (" (R)" if item.get("reverse") else ""),
            words.percent((item.get("unfavourable") or {}).get("share")),
            words.percent((item.get("neutral") or {}).get("share")),
            words.percent((item.get("favourable") or {}).get("share")),
            words.percent(item.get("dont_know_share")),
            words.count(item.get("n")),
        )
        for item in dimension.get("items") or []
    )
    return DataTable(
        caption=words("item_chart_title", name=dimension["name"]),
        headers=(words("statement"), words("unfavourable"), words("neutral"),
                 words("favourable"), words("dont_know"), words("people")),
        rows=rows,
    )
