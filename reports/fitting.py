"""Fitting text into a box: wrap at word boundaries, shrink the type until every line fits.

Widths are measured with the font the slides name (DejaVu Sans, shipped with matplotlib), so a
renderer that has it draws exactly what was measured, and one that substitutes a narrower
font (Arial, Calibri) draws less. A word is never broken: when one word is wider than the box,
the type shrinks instead.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from PIL import ImageFont

FONT_NAME = "DejaVu Sans"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
#: Baseline-to-baseline distance as a multiple of the type size (DejaVu's own is 1.164).
LINE_HEIGHT = 1.2
#: Below a box's smallest size the type may still shrink to this, rather than overflow.
LAST_RESORT = 4.0
#: Measured widths are taken this much wider, for hinting and kerning differences.
SAFETY = 1.06
_REFERENCE_SIZE = 100
_WORDS = re.compile(r"\S+")
# Characters XML 1.0 cannot carry, and those that would break lines or fields.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """A string safe to place in a slide: no control characters, whitespace on one line."""
    return " ".join(_UNSAFE.sub("", str(text if text is not None else "")).split())


@functools.cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / FONT_FILES[bold]), _REFERENCE_SIZE)


@functools.lru_cache(maxsize=20_000)
def _width_at_reference(word: str, bold: bool) -> float:
    return float(_font(bold).getlength(word))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size`` points."""
    return _width_at_reference(text, bold) * size / _REFERENCE_SIZE * SAFETY


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str] | None:
    """``text`` broken at spaces into lines no wider than ``width`` points; None when a single
    word is wider than that (the type must shrink)."""
    lines: list[str] = []
    line = ""
    for word in _WORDS.findall(text):
        if text_width(word, size, bold) > width:
            return None
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


@dataclass(frozen=True)
class Line:
    """A paragraph to fit: its text, weight and size relative to the box's base size."""

    text: str
    bold: bool = False
    scale: float = 1.0
    space_after: float = 0.35  #: space after the paragraph, as a share of its size


def height_needed(paragraphs: list[Line], width: float, size: float) -> float | None:
    """Points of height the paragraphs take at base ``size``; None if a word does not fit."""
    total = 0.0
    for paragraph in paragraphs:
        points = size * paragraph.scale
        lines = wrap(paragraph.text, width, points, paragraph.bold)
        if lines is None:
            return None
        total += len(lines) * points * LINE_HEIGHT + points * paragraph.space_after
    return total


def fit(paragraphs: list[Line], width: float, height: float, largest: float,
        smallest: float = 6.0) -> float:
    """The largest base size (in half points, from ``largest`` down) at which the paragraphs
    fit the box. Below ``smallest`` only as a last resort (an absurdly long word or text),
    down to LAST_RESORT; at that size the text is set even if it still does not fit."""
    size = largest
    while size > min(smallest, LAST_RESORT):
        if fits(paragraphs, width, height, size):
            return size
        size -= 0.5 if size > smallest else 0.25
    return LAST_RESORT


def fits(paragraphs: list[Line], width: float, height: float, size: float) -> bool:
    """Whether the paragraphs fit the box at base ``size`` without breaking a word."""
    needed = height_needed(paragraphs, width, size)
    return needed is not None and needed <= height
