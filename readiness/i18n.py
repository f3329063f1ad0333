"""Which language a person sees, on every page: their choice, else their browser's, else the
first offered. The survey, the console, the sign-in pages and the reports all ask here."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import request, session
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
