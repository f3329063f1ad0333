"""Typed reading of the tables in an instrument file, collecting every problem found.

A getter that meets a problem records it against the entry (``items[7] (id "tm3")``) and
returns a harmless stand-in, so that one pass over a file reports all of its mistakes.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from typing import Any

from surveys.model import Texts

#: Ids of dimensions, items, segments, options, modules, bands: they end up in form field
#: names, CSV columns and URLs, so they stay short, lowercase and plain.
SLUG = re.compile(r"[a-z][a-z0-9_]{0,39}")

_REQUIRED = object()


class Problems:
    """The problems found in one source, in the order they were found."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.found.append(f"{where}: {what}" if where else what)

    def __bool__(self) -> bool:
        return bool(self.found)


def describe(value: Any) -> str:
    """Name a parsed TOML value's type the way the file's author would."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f'a string ("{value}")'
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, datetime.date | datetime.time):
        return "a date or time"
    return type(value).__name__


class Entry:
    """One table of an instrument source, with the name messages give it."""

    def __init__(
        self,
        data: Any,
        where: str,
        problems: Problems,
        languages: tuple[str, ...] = (),
        known_languages: tuple[str, ...] | None = None,
    ) -> None:
        self.where = where
        self.problems = problems
        #: languages every text must have
        self.languages = languages
        #: languages a text may have (more than required when an assessment offers fewer)
        self.known_languages = languages if known_languages is None else known_languages
        if isinstance(data, Mapping):
            self.data: Mapping[str, Any] = data
        else:
            self.report(f"expected a table, found {describe(data)}")
            self.data = {}

    def report(self, what: str) -> None:
        self.problems.add(self.where, what)

    def at(self, key: str) -> str:
        """The name messages give this entry's ``key``."""
        return f"{self.where}.{key}" if self.where else key

    def allow(self, *keys: str) -> None:
        """Report every key not in ``keys``: in hand-edited files these are nearly always typos."""
        for key in self.data:
            if key in keys:
                continue
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else f" (expected: {', '.join(keys)})"
            self.report(f'unknown key "{key}"{hint}')

    def has(self, key: str) -> bool:
        return key in self.data

    def _value(self, key: str, default: Any, kinds: tuple[type, ...], kind_name: str) -> Any:
        if key not in self.data:
            if default is _REQUIRED:
                self.report(f'missing "{key}"')
                return None
            return default
        value = self.data[key]
        # bool is a subclass of int, but `weight = true` is a mistake, not a weight of 1
        wrong_bool = isinstance(value, bool) and bool not in kinds
        if wrong_bool or not isinstance(value, kinds):
            self.problems.add(self.at(key), f"expected {kind_name}, found {describe(value)}")
            return None
        return value

    def string(self, key: str, default: Any = _REQUIRED) -> str | None:
        value = self._value(key, default, (str,), "a string")
        if isinstance(value, str) and not value.strip():
            self.problems.add(self.at(key), "must not be empty")
            return None
        return value

    def slug(self, key: str, default: Any = _REQUIRED) -> str | None:
        """A string that is a valid id: lowercase letters, digits and underscores."""
        value = self.string(key, default)
        if isinstance(value, str) and not SLUG.fullmatch(value):
            self.problems.add(
                self.at(key),
                f'"{value}" is not a valid id (use lowercase letters, digits and underscores, '
                "starting with a letter, at most 40 characters)",
            )
            return None
        return value

    def integer(
        self, key: str, default: Any = _REQUIRED, *, low: int | None = None, high: int | None = None
    ) -> int | None:
        value = self._value(key, default, (int,), "a whole number")
        if isinstance(value, int) and not _within(value, low, high):
            self.problems.add(self.at(key), f"{value} is outside {_range_text(low, high)}")
            return None
        return value

    def number(self, key: str, default: Any = _REQUIRED) -> float | None:
        value = self._value(key, default, (int, float), "a number")
        return None if value is None else float(value)

    def boolean(self, key: str, default: Any = _REQUIRED) -> bool | None:
        return self._value(key, default, (bool,), "true or false")

    def strings(self, key: str, default: Any = _REQUIRED) -> tuple[str, ...]:
        values = self._value(key, default, (list,), "an array of strings")
        if values is None:
            return ()
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self.problems.add(
                    f"{self.at(key)}[{index}]",
                    f"expected a non-empty string, found {describe(value)}",
                )
        return tuple(value for value in values if isinstance(value, str))

    def texts(self, key: str, default: Any = _REQUIRED) -> Texts:
        """A text per language: every instrument language present, no other language."""
        if key not in self.data and default is not _REQUIRED:
            return dict(default)
        table = self._value(key, default, (Mapping,), "a table of texts per language")
        if table is None:
            return {}
        texts: Texts = {}
        where = self.at(key)
        for language in self.languages:
            if language not in table:
                self.problems.add(where, f'missing the "{language}" translation')
        for language, text in table.items():
            if language not in self.known_languages:
                self.problems.add(
                    where,
                    f'"{language}" is not one of the instrument\'s languages '
                    f"({', '.join(self.known_languages)})",
                )
            elif not isinstance(text, str):
                self.problems.add(
                    f"{where}.{language}", f"expected a string, found {describe(text)}"
                )
            elif not text.strip():
                self.problems.add(f"{where}.{language}", "the text is empty")
            else:
                texts[language] = text.strip()
        return texts

    def table(self, key: str, default: Any = _REQUIRED) -> Entry | None:
        """A sub-table, or None when it is optional and absent."""
        value = self._value(key, default, (Mapping,), "a table")
        if value is None:
            return None
        return Entry(value, self.at(key), self.problems, self.languages, self.known_languages)

    def tables(self, key: str, default: Any = _REQUIRED) -> list[Entry]:
        """An array of tables, each named by its position and, when it has one, its id."""
        values = self._value(key, default, (list,), "an array of tables")
        if values is None:
            return []
        entries = []
        for index, value in enumerate(values):
            where = f"{self.at(key)}[{index}]"
            if isinstance(value, Mapping) and isinstance(value.get("id"), str):
                where += f' (id "{value["id"]}")'
            entries.append(Entry(value, where, self.problems, self.languages, self.known_languages))
        return entries


    def options(self, minimum: int, reserved: str, why: str) -> list[tuple[str, Texts]]:
        """The ``options`` array of a question as (id, labels): at least ``minimum`` of them,
        each id used once, and ``reserved`` (an id the product adds itself) refused with
        ``why``. Problems are reported; a faulty option comes back with what could be read."""
        entries = self.tables("options")
        # A wrongly typed "options" is already reported; only a real but short list needs this.
        if isinstance(self.data.get("options"), list) and len(entries) < minimum:
            self.report(f"needs at least {_COUNTS.get(minimum, minimum)} options to choose "
                        "between")
        found = []
        seen: dict[str, str] = {}
        for option in entries:
            option.allow("id", "labels")
            option_id = option.slug("id")
            if option_id == reserved:
                option.report(why)
            elif option_id in seen:
                option.report(f'id "{option_id}" is already used by {seen[option_id]}')
            elif option_id is not None:
                seen[option_id] = option.where
            found.append((option_id or "", option.texts("labels")))
        return found


_COUNTS = {2: "two", 3: "three", 4: "four"}


def _within(value: int, low: int | None, high: int | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _range_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"the allowed range {low}..{high}"
    if low is not None:
        return f"the allowed range (at least {low})"
    return f"the allowed range (at most {high})"
