"""The look shared by every chart, applied with ``rc_context`` so no global state changes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reports import palette

#: Chart width that fits the PDF's text column (inches); heights vary per chart.
WIDTH = 6.6

RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "text.usetex": False,
    "text.parse_math": False,  # user labels may contain "$"; never read them as mathtext
    "text.color": palette.INK,
    "axes.labelcolor": palette.MUTED,
    "axes.edgecolor": palette.RULE,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9.5,
    "axes.titlelocation": "left",
    "axes.titlecolor": palette.INK,
    "xtick.color": palette.MUTED,
    "ytick.color": palette.INK,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8.5,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "svg.fonttype": "none",  # real text in SVG: searchable, selectable, read by screen readers
    "svg.hashsalt": "readiness",  # stable ids, so the same chart gives the same SVG
    "pdf.fonttype": 42,
}


#: ``rc_context`` swaps the process-wide rcParams; one styled block at a time keeps a
#: threaded server from restoring another request's settings half-way through its chart.
_RC_LOCK = threading.RLock()


@contextlib.contextmanager
def styled() -> Iterator[None]:
    """Apply the chart look for the duration of the block."""
    # matplotlib types the keys as a Literal of every rcParam; ours are checked when applied
    with _RC_LOCK, matplotlib.rc_context(RC):  # type: ignore[arg-type]
        yield


def axes_for(ax: Axes | None, height: float) -> tuple[Figure, Axes]:
    """Return the figure and axes to draw on: the caller's, or a fresh ``Figure``."""
    if ax is not None:
        # an axes of ours always sits on a Figure, never a SubFigure
        return ax.figure, ax  # type: ignore[return-value]
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    return figure, figure.add_subplot()


#: One line of chart text, in inches, and the least room a row of bars or cells takes.
LINE = 0.135
ROW = 0.34


def row_layout(line_counts: list[int], *, minimum: float = ROW,
               padding: float = 0.12) -> tuple[list[float], list[float], float]:
    """Rows tall enough for their wrapped labels: (tops, heights, total) in inches."""
    tops, heights, top = [], [], 0.0
    for lines in line_counts:
        height = max(minimum, lines * LINE + padding)
        tops.append(top)
        heights.append(height)
        top += height
    return tops, heights, top
