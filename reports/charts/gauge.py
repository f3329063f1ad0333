"""The readiness index on a 0-100 scale divided into stage bands."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reports import palette
from reports.charts.style import axes_for, styled
from reports.charts.table import DataTable
from reports.markup import chart_label
from reports.texts import labels


def _upper(band: dict) -> float:
    return min(100.0, band["upper"] + 1) if band["upper"] < 100 else 100.0


def figure(
    index: dict, bands: list[dict], *, language: str = "en", ax: Axes | None = None
) -> Figure:
    """Draw the stage bands as a strip with the index and its 95% interval marked."""
    words = labels(language)
    ordered = sorted(bands, key=lambda b: b["lower"])
    names = [chart_label(band["name"], width=(_upper(band) - band["lower"]) / 100 * 440 - 4,
                         size=8) for band in ordered]
    extra = max((name.count("\n") for name in names), default=0)
    with styled():
        fig, ax = axes_for(ax, height=1.25 + 0.14 * extra)
        for position, (band, name) in enumerate(zip(ordered, names, strict=True)):
            upper = _upper(band)
            ax.barh(0, upper - band["lower"], left=band["lower"], height=0.62,
                    color=palette.band_colour(position), edgecolor="white", linewidth=1.5)
            ax.text((band["lower"] + upper) / 2, -0.52, name, ha="center", va="top", fontsize=8,
                    color=palette.MUTED, parse_math=False)
        score = index["score"]
        low, high = index.get("ci") or (score, score)
        ax.plot([low, high], [0, 0], color=palette.ACCENT, linewidth=3.2, solid_capstyle="butt")
        ax.plot([score], [0], marker="o", markersize=10, color=palette.ACCENT,
                markeredgecolor="white", markeredgewidth=1.5)
        ax.text(score, 0.48, words.number(score), ha="center", va="bottom", fontsize=11,
                fontweight="bold", color=palette.ACCENT, parse_math=False)
        ax.set_xlim(0, 100)
        ax.set_ylim(-1.0 - 0.28 * extra, 0.95)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.tick_params(axis="x", length=0, pad=-2, labelsize=7)
        ax.set_yticks([])
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.xaxis.set_ticks_position("top")
        ax.tick_params(axis="x", labeltop=False, labelbottom=False)
    return fig


def alt_text(index: dict, bands: list[dict], *, language: str = "en") -> str:
    words = labels(language)
    low, high = words.interval(index.get("ci"))
    return (
        f"{words('readiness_index')}: {words.number(index['score'])} {words('out_of_100')}, "
        f"{words('interval', low=low, high=high)}; {words('stage')}: {index['stage_name']}."
    )


def table(index: dict, bands: list[dict], *, language: str = "en") -> DataTable:
    words = labels(language)
    low, high = words.interval(index.get("ci"))
    rows = tuple(
        (band["name"], f"{words.count(band['lower'])}–{words.count(band['upper'])}",
         "●" if band["id"] == index["stage"] else "")
        for band in sorted(bands, key=lambda b: b["lower"])
    )
    return DataTable(
        caption=f"{words('readiness_index')}: {words.number(index['score'])} ({low}–{high})",
        headers=(words("stage"), words("score"), words("current")),
        rows=rows,
    )
