"""Inline SVG that a strict Content-Security-Policy lets through.

Matplotlib writes ``style="fill: #fff"`` attributes and a ``<style>`` element, which the policy
(``style-src 'self'``, no inline styles) blocks, leaving charts black. SVG accepts the same
properties as presentation attributes (``fill="#fff"``), which no policy blocks, so each
declaration is moved into an attribute of its own; anything else is dropped.
"""

from __future__ import annotations

import re
from html import escape, unescape

#: Properties that SVG also accepts as presentation attributes.
PRESENTATION = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "opacity", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "dominant-baseline", "clip-rule", "visibility", "display",
})

_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
_ROOT_RULE = re.compile(r"\*\s*\{([^}]*)\}")
_SVG_OPEN = re.compile(r"<svg\b")


def _attributes(declarations: str) -> str:
    out = []
    for declaration in declarations.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip().strip("'\"")
        if name in PRESENTATION and value:
            out.append(f' {name}="{escape(value, quote=True)}"')
    return "".join(out)


def csp_safe(svg: str) -> str:
    """``svg`` with every inline style turned into presentation attributes."""
    rules = "".join(
        match.group(1)
        for element in _STYLE_ELEMENT.findall(svg)
        for match in _ROOT_RULE.finditer(element)
    )
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTRIBUTE.sub(lambda match: _attributes(unescape(match.group(1))), svg)
    if rules:  # "* { … }" rules apply to everything: inherited from the root instead
        svg = _SVG_OPEN.sub("<svg" + _attributes(rules), svg, count=1)
    return svg
