"""Right-to-left text put into drawing order, since neither reportlab nor matplotlib does it.

Arabic letters are joined into their contextual forms (arabic-reshaper) and each line is put
into visual order by the Unicode bidirectional algorithm (python-bidi's implementation that
mirrors brackets, rule L4; it predates the paired-bracket rule, so a bracket closing a
right-to-left run at the end of a left-to-right line keeps the line's direction). Text without
right-to-left characters is returned unchanged.
"""

from __future__ import annotations

import unicodedata

import arabic_reshaper
from bidi.algorithm import get_display  # applies mirroring of brackets (rule L4)

_RTL = {"R", "AL"}


def visual_order(text: str) -> str:
    """Return ``text`` shaped and in visual order, line by line, for left-to-right drawing."""
    if not any(unicodedata.bidirectional(char) in _RTL for char in text):
        return text
    return "\n".join(_visual_line(line) for line in text.split("\n"))


def _visual_line(line: str) -> str:
    shaped = arabic_reshaper.reshape(line) if _has_arabic(line) else line
    return get_display(shaped, base_dir="L")


def _has_arabic(line: str) -> bool:
    return any(unicodedata.bidirectional(char) == "AL" for char in line)
