"""Reading the forms of a page with a few regular expressions: fast, and enough for our HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html import unescape

_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_ATTRIBUTE = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_INPUT = re.compile(r"<input\b([^>]*)>", re.I)
_TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S | re.I)
_SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
_OPTION = re.compile(r"<option\b([^>]*)>", re.I)
_BUTTON = re.compile(r"<button\b([^>]*)>(.*?)</button>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def attributes(text: str) -> dict[str, str]:
    """The attributes of one tag, names lower-cased, values unescaped; bare ones map to ''."""
    found = {}
    for match in _ATTRIBUTE.finditer(text):
        name, *values = match.groups()
        value = next((v for v in values if v is not None), "")
        found[name.lower()] = unescape(value)
    return found


@dataclass
class Button:
    name: str | None
    value: str
    label: str


@dataclass
class Form:
    action: str
    method: str
    hidden: list[tuple[str, str]] = field(default_factory=list)
    radios: dict[str, list[str]] = field(default_factory=dict)
    selects: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, int] = field(default_factory=dict)  # name -> maxlength
    buttons: list[Button] = field(default_factory=list)

    @property
    def questions(self) -> int:
        return len(self.radios) + len(self.selects) + len(self.texts)


#: A hidden input as the product writes it; its value is the only part that differs between
#: respondents on an otherwise identical page (the CSRF token, open answers carried along).
_HIDDEN_VALUE = re.compile(r'(<input type="hidden" name="[^"]*" value=")([^"]*)"')
_parsed: dict[tuple[str, str], list[Form]] = {}
_MAX_PARSED = 200


def page_forms(html: str, page_path: str) -> list[Form]:
    """`forms`, parsed once per distinct page: 50 respondents see the same few pages.

    The page is cut at its hidden values; the rest is parsed once and the values are put back
    in document order. Anything the cut does not account for exactly is parsed in full.
    """
    values = [match.group(2) for match in _HIDDEN_VALUE.finditer(html)]
    skeleton = _HIDDEN_VALUE.sub(r'\1"', html)
    key = (skeleton, page_path)
    found = _parsed.get(key)
    if found is None:
        if len(_parsed) >= _MAX_PARSED:
            _parsed.clear()
        found = _parsed[key] = forms(skeleton, page_path)
    if sum(len(form.hidden) for form in found) != len(values):
        return forms(html, page_path)
    given = iter(unescape(value) for value in values)
    return [
        replace(form, hidden=[(name, next(given)) for name, _ in form.hidden]) for form in found
    ]


def forms(html: str, page_path: str) -> list[Form]:
    """Every form on the page; an action left out posts back to ``page_path``."""
    found = []
    for match in _FORM.finditer(html):
        tag, inner = attributes(match.group(1)), match.group(2)
        form = Form(action=tag.get("action") or page_path, method=tag.get("method", "get").lower())
        for input_match in _INPUT.finditer(inner):
            attrs = attributes(input_match.group(1))
            kind, name = attrs.get("type", "text").lower(), attrs.get("name")
            if kind == "submit":
                form.buttons.append(Button(name, attrs.get("value", ""), attrs.get("value", "")))
            elif not name or "disabled" in attrs:
                continue
            elif kind == "hidden":
                form.hidden.append((name, attrs.get("value", "")))
            elif kind == "radio":
                form.radios.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind in {"text", "email", "search"}:
                form.texts[name] = int(attrs.get("maxlength") or 200)
        for area in _TEXTAREA.finditer(inner):
            attrs = attributes(area.group(1))
            if attrs.get("name"):
                form.texts[attrs["name"]] = int(attrs.get("maxlength") or 2000)
        for select in _SELECT.finditer(inner):
            attrs = attributes(select.group(1))
            options = [
                attributes(o.group(1)).get("value", "") for o in _OPTION.finditer(select.group(2))
            ]
            if attrs.get("name"):
                form.selects[attrs["name"]] = [o for o in options if o]
        for button in _BUTTON.finditer(inner):
            attrs = attributes(button.group(1))
            if attrs.get("type", "submit").lower() == "submit":
                label = unescape(_TAG.sub("", button.group(2))).strip()
                form.buttons.append(Button(attrs.get("name"), attrs.get("value", ""), label))
        found.append(form)
    return found
