"""A calm, colour-blind-safe palette (Okabe–Ito hues and a blue–orange diverging scale)."""

from __future__ import annotations

INK = "#1f2933"  #: body text
MUTED = "#5f6b7a"  #: secondary text, axis labels
RULE = "#d5dbe3"  #: table rules, grid lines
PAPER_TINT = "#f3f6f9"  #: table headers, boxes
ACCENT = "#0b5c96"  #: headings, the index marker (a deep Okabe–Ito blue)
ACCENT_LIGHT = "#dcebf6"

#: Okabe–Ito, the set of hues distinguishable with every common colour-vision deficiency.
BLUE = "#0072b2"
ORANGE = "#e69f00"
SKY = "#56b4e9"
GREEN = "#009e73"
VERMILLION = "#d55e00"
PURPLE = "#cc79a7"
GREY = "#9aa5b1"

#: Answer shares from very unfavourable to very favourable.
DIVERGING = ("#b5531a", "#eeaa6f", "#d9dde2", "#86b8dd", "#1f6aa5")
VERY_UNFAVOURABLE, UNFAVOURABLE, NEUTRAL, FAVOURABLE, VERY_FAVOURABLE = DIVERGING
DONT_KNOW = "#eef0f3"

#: Background tints for stage bands, lowest first; cycled if an instrument has more bands.
BANDS = ("#f6d9c3", "#fbeadb", "#eef1f4", "#d6e6f3", "#b9d5ec")

#: Heatmap from low (orange) through pale grey to high (blue).
HEAT = ("#c8662a", "#f2c9a3", "#f1f3f5", "#a9cbe6", "#2a75b3")

LEADERS = BLUE
OTHERS = ORANGE
PREVIOUS = GREY
CURRENT = BLUE


def band_colour(position: int) -> str:
    return BANDS[position % len(BANDS)]
