"""User text made safe for reportlab Paragraphs and matplotlib labels.

Paragraph text is markup: ``<``, ``&`` and tags would be interpreted, could break the build,
or (``<img src=...>``) make it fetch a URL. Everything a person typed goes through here.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from reports import bidi, fonts

REPLACEMENT = "\ufffd"
_ENTITIES = {'"': "&quot;", "'": "&#39;"}
#: Zero-width characters that only tune how an emoji is drawn.
_INVISIBLE = {"\u200d", "\ufe0e", "\ufe0f"}


def clean(value: object) -> str:
    """Return ``value`` as text without control characters (newlines and tabs kept)."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(
        char
        for char in text
        if char == "\n" or unicodedata.category(char) not in ("Cc", "Cs", "Co", "Cn")
    )


def paragraph(value: object) -> str:
    """Return user text as Paragraph markup that shows exactly what was typed."""
    covered = fonts.register()
    text = bidi.visual_order(clean(value))
    out: list[str] = []
    symbol_run: list[str] = []

    def flush_symbols() -> None:
        if symbol_run:
            out.append(f'<font name="{fonts.SYMBOLS}">{escape("".join(symbol_run))}</font>')
            symbol_run.clear()

    for char in text:
        code = ord(char)
        if char == "\n" or code in covered.regular_codepoints:
            flush_symbols()
            out.append("<br/>" if char == "\n" else escape(char, _ENTITIES))
        elif code in covered.symbol_codepoints:
            symbol_run.append(char)
        elif char in _INVISIBLE or unicodedata.category(char) in ("Mn", "Cf"):
            continue
        else:
            flush_symbols()
            out.append(REPLACEMENT)
    flush_symbols()
    return "".join(out)


def plain(value: object) -> str:
    """Return user text for places that take plain strings (outline, metadata, canvas)."""
    return bidi.visual_order(clean(value)).replace("\n", " ")


def chart_label(value: object, *, width: float = 200.0, size: float = 8.0,
                bold: bool = False) -> str:
    """Return user text for a chart, whole, wrapped at spaces into lines of at most ``width``
    points at ``size`` (DejaVu Sans). Nothing is cut: a word longer than the width keeps its
    own line, and the chart makes room for it (no hyphenation, no ellipsis).

    Characters DejaVu Sans cannot draw become a replacement mark, so matplotlib never warns
    about missing glyphs; mathtext is switched off where labels are drawn.
    """
    covered = fonts.dejavu_codepoints()
    text = "".join(
        char if ord(char) in covered else REPLACEMENT
        for char in plain(value)
        if char not in _INVISIBLE
    )
    return "\n".join(wrap_words(text, width=width, size=size, bold=bold))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width in points of ``text`` set in DejaVu Sans (regular or bold) at ``size``."""
    fonts.register()
    return stringWidth(text, fonts.BOLD if bold else fonts.REGULAR, size)


#: No word of any language is this wide (in points); a longer run without spaces (pasted
#: link, keyboard mash) is cut into pieces so that it cannot push a chart off the page.
LONGEST_WORD = 220.0


def wrap_words(text: str, *, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of whole words, each at most ``width`` points wide unless one word is wider."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in _pieces(paragraph.split(), width=width, size=size, bold=bold):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold=bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines or [""]


def _pieces(words: list[str], *, width: float, size: float, bold: bool) -> list[str]:
    """The words, with any run wider than ``LONGEST_WORD`` cut into ``width``-wide pieces."""
    out: list[str] = []
    for word in words:
        if text_width(word, size, bold=bold) <= max(width, LONGEST_WORD):
            out.append(word)
            continue
        piece = ""
        for char in word:
            if piece and text_width(piece + char, size, bold=bold) > width:
                out.append(piece)
                piece = ""
            piece += char
        out.append(piece)
    return out
