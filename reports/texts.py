"""The report's own words in en, de and fr, read from ``texts.toml``; numbers, percentages and
dates written by Babel in the report's language."""

from __future__ import annotations

import datetime
import functools
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

TEXTS_FILE = Path(__file__).with_name("texts.toml")
FALLBACK = "en"
#: Babel locale per report language where it is not the language itself.
LOCALES = {"en": "en_GB"}


class TextsError(ValueError):
    """The texts file is incomplete or malformed."""


@dataclass(frozen=True)
class Labels:
    """Static report labels and number/date formats for one language."""

    language: str
    texts: Mapping[str, Any]

    def __call__(self, key: str, **values: object) -> str:
        """Return the label ``key`` with ``values`` filled in (plain text, not markup)."""
        template = self.texts[key]
        return template.format(**values) if values else template

    @property
    def locale(self) -> str:
        """The Babel locale numbers and dates are written in (the report's English is British)."""
        return LOCALES.get(self.language, self.language)

    def number(self, value: float | None, digits: int = 1) -> str:
        """A number in this language's notation (Babel, as on the web pages); – when missing."""
        if value is None:
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(round(value, digits) + 0.0, format=pattern, locale=self.locale)

    def count(self, value: int | None) -> str:
        return self.number(value, 0)

    def percent(self, share: float | None) -> str:
        """A share of 0-1 as a whole percentage, e.g. ``45%``, ``45 %``."""
        if share is None:
            return "–"
        return format_percent(share, format=self._percent_pattern(), locale=self.locale)

    def _percent_pattern(self) -> str:
        return "#,##0%" if self.locale.startswith("en") else "#,##0\u00a0%"

    def interval(self, ci: Sequence[float | None] | None, digits: int = 1) -> tuple[str, str]:
        low, high = ci if ci else (None, None)
        return self.number(low, digits), self.number(high, digits)

    def date(self, iso_day: str | None) -> str:
        """A day written out the language's way, e.g. ``1 November 2026``, ``1. November 2026``;
        the input is ``YYYY-MM-DD``."""
        if not iso_day:
            return "–"
        year, month, day = (int(part) for part in str(iso_day)[:10].split("-"))
        return format_date(datetime.date(year, month, day), "long", locale=self.locale)

    def level(self, level: str | None) -> str:
        """Effort or impact level (low, medium, high) in words."""
        return self.texts.get(f"level_{level}", str(level or "–"))


@functools.cache
def _load() -> dict[str, dict[str, Any]]:
    with TEXTS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    reference = data.get(FALLBACK)
    if not isinstance(reference, dict):
        raise TextsError(f"{TEXTS_FILE.name}: missing the [{FALLBACK}] table")
    for language, table in data.items():
        missing = sorted(set(reference) - set(table))
        if missing:
            raise TextsError(f"{TEXTS_FILE.name}: [{language}] lacks {', '.join(missing)}")
    return data


def languages() -> tuple[str, ...]:
    return tuple(_load())


@functools.cache
def labels(language: str) -> Labels:
    """Labels for ``language``; unknown languages fall back to English."""
    data = _load()
    return Labels(language if language in data else FALLBACK, data.get(language, data[FALLBACK]))
