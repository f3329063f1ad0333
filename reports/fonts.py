"""Fonts for the PDF: DejaVu Sans from matplotlib's own data, registered once.

DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew and Arabic. Emoji are drawn with a symbol
font when the system has one (Symbola or Noto Emoji); without one they become a visible
replacement mark rather than an invisible box.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
SYMBOLS = "ReadinessSymbols"

#: Where a symbol font for emoji is looked for, first found wins.
SYMBOL_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/truetype/symbola/Symbola.ttf",
    "/usr/share/fonts/TTF/Symbola.ttf",
    "/usr/share/fonts/truetype/noto/NotoEmoji-Regular.ttf",
)


@dataclass(frozen=True)
class Fonts:
    """The registered fonts and which characters each can draw."""

    regular_codepoints: frozenset[int]
    symbol_codepoints: frozenset[int]  #: empty when no symbol font was found

    def has_symbols(self) -> bool:
        return bool(self.symbol_codepoints)


def dejavu_path(style: str = "") -> Path:
    """Path of a DejaVu Sans file shipped with matplotlib (style "", "-Bold", "-Oblique"...)."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / f"DejaVuSans{style}.ttf"


@functools.cache
def register() -> Fonts:
    """Register DejaVu Sans (and a symbol font if present) with reportlab; safe to call often."""
    regular = TTFont(REGULAR, str(dejavu_path()))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(BOLD, str(dejavu_path("-Bold"))))
    pdfmetrics.registerFont(TTFont(ITALIC, str(dejavu_path("-Oblique"))))
    pdfmetrics.registerFont(TTFont(BOLD_ITALIC, str(dejavu_path("-BoldOblique"))))
    for bold, italic, name in (
        (0, 0, REGULAR),
        (1, 0, BOLD),
        (0, 1, ITALIC),
        (1, 1, BOLD_ITALIC),
    ):
        addMapping(REGULAR, bold, italic, name)
    symbol_codepoints: frozenset[int] = frozenset()
    for candidate in SYMBOL_FONT_CANDIDATES:
        if Path(candidate).is_file():
            symbols = TTFont(SYMBOLS, candidate)
            pdfmetrics.registerFont(symbols)
            addMapping(SYMBOLS, 0, 0, SYMBOLS)
            addMapping(SYMBOLS, 1, 0, SYMBOLS)
            addMapping(SYMBOLS, 0, 1, SYMBOLS)
            addMapping(SYMBOLS, 1, 1, SYMBOLS)
            symbol_codepoints = frozenset(symbols.face.charToGlyph)
            break
    return Fonts(
        regular_codepoints=frozenset(regular.face.charToGlyph),
        symbol_codepoints=symbol_codepoints,
    )


@functools.cache
def dejavu_codepoints() -> frozenset[int]:
    """Characters DejaVu Sans can draw, read with matplotlib's own font loader (for charts)."""
    from matplotlib import ft2font

    return frozenset(ft2font.FT2Font(str(dejavu_path())).get_charmap())
