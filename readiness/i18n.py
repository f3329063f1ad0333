"""Which language a person sees, on every page: their choice, else their browser's, else the
first offered. The survey, the console, the sign-in pages and the reports all ask here."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from flask import has_request_context, request, session
from flask_babel import get_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

_CHOSEN = "language"


def chosen() -> str | None:
    """The language this browser chose (on a survey, the sign-in or the account page), if any."""
    return session.get(_CHOSEN)


def resolve(offered) -> str:
    """The language for this request among those offered (the chosen one, else the browser's)."""
    chosen = session.get(_CHOSEN)
    if chosen in offered:
        return chosen
    header = request.environ.get("HTTP_ACCEPT_LANGUAGE", "")
    if len(header) > _CACHED_HEADER_LENGTH:
        return _best_match(header, tuple(offered))
    return _cached_best_match(header, tuple(offered))


#: Browsers send a handful of distinct, short headers; longer ones are worked out each time,
#: so no one can fill the cache with large ones.
_CACHED_HEADER_LENGTH = 200


def _best_match(accept_language: str, offered: tuple[str, ...]) -> str:
    """The offered language nearest the top of the browser's list, else the first offered.

    A regional tag counts for its language at its own place in the list: "fr-CH, de;q=0.5"
    gets French, where an exact-match-first rule would have picked German.
    """
    by_tag = {_normal(code): code for code in offered}
    for tag, _quality in parse_accept_header(accept_language, LanguageAccept):  # best first
        tag = _normal(tag)
        if tag == "*":
            break
        primary = tag.split("-")[0]
        found = by_tag.get(tag) or by_tag.get(primary) or next(
            (code for known, code in by_tag.items() if known.split("-")[0] == primary), None
        )
        if found:
            return found
    return offered[0]


def _normal(tag: str) -> str:
    return tag.replace("_", "-").lower()


_cached_best_match = lru_cache(maxsize=1024)(_best_match)  # asked on every survey page


def choose(language: str, offered) -> bool:
    """Remember the choice; False when ``language`` is not among those ``offered``."""
    if language not in offered:
        return False
    session[_CHOSEN] = language
    return True


@lru_cache(maxsize=256)  # asked on every survey page, for every language offered
def own_name(language: str) -> str:
    """A language's name written in that language, e.g. "Deutsch", "Français"."""
    try:
        name = Locale.parse(language).get_display_name(language) or language
    except (ValueError, LookupError):
        return language
    return name[:1].upper() + name[1:]


def with_territory(language: str) -> str:
    """``language`` with the territory the browser asks for it in, when it asks for one:
    "en-GB,en" and English give "en_GB" (5 December 2026), "en-US" gives "en_US"
    (December 5, 2026). Only for formatting dates; texts stay in ``language``."""
    if not has_request_context():
        return language
    header = request.environ.get("HTTP_ACCEPT_LANGUAGE", "")
    if len(header) > _CACHED_HEADER_LENGTH:
        return language
    return _territory_of(header, language)


@lru_cache(maxsize=1024)
def _territory_of(accept_language: str, language: str) -> str:
    for tag, _quality in parse_accept_header(accept_language, LanguageAccept):
        parts = _normal(tag).split("-")
        if parts[0] != language or len(parts) < 2:
            continue
        territory = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
        if territory is None:
            continue
        candidate = f"{language}_{territory.upper()}"
        try:
            Locale.parse(candidate)
        except (ValueError, LookupError):
            continue
        return candidate
    return language


def format_day(day: date, format: str = "long") -> str:
    """A day as the reader writes it: the page's language, the browser's territory."""
    return babel_format_date(day, format, locale=with_territory(str(get_locale() or "en")))
