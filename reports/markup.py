"""User text made safe for reportlab Paragraphs and matplotlib labels.

Paragraph text is markup: ``<``, ``&`` and tags would be interpreted, could break the build,
or (``<img src=...>``) make it fetch a URL. Everything a person typed goes through here.
"""

from __future__ import annotations

import textwrap
import unicodedata
from xml.sax.saxutils import escape

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


def chart_label(value: object, *, width: int = 40, lines: int = 1) -> str:
    """Return user text shortened for a chart; the chart's data table carries it in full.

    Characters DejaVu Sans cannot draw become a replacement mark, so matplotlib never warns
    about missing glyphs; mathtext is switched off where labels are drawn.
    """
    covered = fonts.dejavu_codepoints()
    text = "".join(
        char if ord(char) in covered else REPLACEMENT
        for char in plain(value)
        if char not in _INVISIBLE
    )
    wrapped = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)
