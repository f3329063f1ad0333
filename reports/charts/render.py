"""Figures to SVG text (for inline use in web pages), to reportlab Drawings (vector charts
with real, searchable text in the PDF) and to PNG bytes."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from matplotlib.figure import Figure
from reportlab.graphics.shapes import Drawing

from reports import fonts
from reports.charts.style import styled

_PROLOG = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_OPEN_TAG = re.compile(r"<svg\b([^>]*)>")
_SIZE = re.compile(r'\s(width|height)="[^"]*"')
#: A ``style`` attribute inside a tag (never in text, which cannot hold an unescaped ``<``).
_STYLE_ATTRIBUTE = re.compile(r'(<[a-zA-Z][^<>]*?)\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
_DECLARATION = re.compile(r"^\s*([a-z-]+)\s*:\s*(.*?)\s*$")


def _as_attributes(match: re.Match) -> str:
    attributes = []
    for declaration in match.group(2).split(";"):
        found = _DECLARATION.match(declaration)
        if found:
            attributes.append(f'{found.group(1)}="{found.group(2)}"')
    return match.group(1) + "".join(" " + attribute for attribute in attributes)


def _without_inline_css(svg: str) -> str:
    """Matplotlib's ``style`` attributes and ``<style>`` element as presentation attributes.

    The pages' Content-Security-Policy allows no inline styles, which a browser would apply to
    an inline SVG too (leaving every bar black); SVG presentation attributes are not styles.
    Matplotlib only writes presentation properties there (fill, stroke, font-size, ...).
    """
    svg = _STYLE_ELEMENT.sub("", svg)
    return _STYLE_ATTRIBUTE.sub(_as_attributes, svg)


def to_svg(figure: Figure, *, title: str = "", title_id: str = "chart-title") -> str:
    """Return ``figure`` as an ``<svg>`` element without XML prolog or doctype.

    The element gets ``role="img"`` and, when ``title`` is given, a ``<title>`` with id
    ``title_id`` referenced by ``aria-labelledby``. Width and height are dropped so the chart
    scales with its container (the viewBox keeps its proportions).
    """
    buffer = io.StringIO()
    with styled():
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _without_inline_css(_PROLOG.sub("", buffer.getvalue(), count=1))
    # What matplotlib's <style> element said for every element, inherited from the root.
    attributes = ' stroke-linejoin="round" stroke-linecap="butt" role="img"'
    if title:
        safe_id = escape(title_id, {'"': "&quot;"})
        attributes += f' aria-labelledby="{safe_id}"'
    match = _OPEN_TAG.search(svg)
    assert match is not None
    opening = "<svg" + _SIZE.sub("", match.group(1)) + attributes + ">"
    if title:
        opening += f'<title id="{safe_id}">{escape(title)}</title>'
    return svg[: match.start()] + opening + svg[match.end() :]


def to_png(figure: Figure, *, dpi: int = 150) -> bytes:
    """Return ``figure`` as PNG bytes at ``dpi`` (white background, no metadata time)."""
    buffer = io.BytesIO()
    with styled():
        figure.savefig(buffer, format="png", dpi=dpi, facecolor="white",
                       metadata={"Software": None})
    return buffer.getvalue()


def _in_pdf_fonts(node: object) -> None:
    """Set every string of a converted chart in the fonts the PDF registered (DejaVu Sans,
    bold where matplotlib asked for weight 600 or more), whatever svglib found on the system."""
    from reportlab.graphics.shapes import String

    if isinstance(node, String):
        name = str(node.fontName or "")
        bold = "bold" in name.lower() or any(f"-{weight}" in name for weight in
                                             ("600", "700", "800", "900"))
        italic = "italic" in name.lower() or "oblique" in name.lower()
        node.fontName = {(False, False): fonts.REGULAR, (True, False): fonts.BOLD,
                         (False, True): fonts.ITALIC, (True, True): fonts.BOLD_ITALIC}[
            (bold, italic)]
    for child in getattr(node, "contents", None) or []:
        _in_pdf_fonts(child)


def to_drawing(figure: Figure, *, width: float | None = None) -> Drawing:
    """Return ``figure`` as a reportlab Drawing (vector shapes and real text in the PDF's own
    DejaVu fonts), scaled to ``width`` points when given."""
    from svglib.svglib import svg2rlg

    fonts.register()
    buffer = io.BytesIO()
    with styled():
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    buffer.seek(0)
    drawing = svg2rlg(buffer)
    if drawing is None:  # pragma: no cover - matplotlib always writes a valid SVG
        raise ValueError("the chart could not be converted")
    _in_pdf_fonts(drawing)
    drawing.initialFontName = fonts.REGULAR  # else the renderer selects Helvetica first
    if width:
        factor = width / drawing.width
        drawing.scale(factor, factor)
        drawing.width, drawing.height = width, drawing.height * factor
    return drawing


def drawn_texts(drawing: Drawing) -> list[str]:
    """Every string a Drawing draws, in drawing order (what a reader sees in the PDF)."""
    from reportlab.graphics.shapes import String

    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, String):
            found.append(node.text)
        for child in getattr(node, "contents", None) or []:
            walk(child)

    walk(drawing)
    return found
