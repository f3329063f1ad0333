"""Which language a respondent sees: their choice, else their browser's, else the survey's."""

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


def resolve(offered: list[str]) -> str:
    """The language for this request among those the assessment offers."""
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
    accepted = parse_accept_header(accept_language, LanguageAccept)
    return accepted.best_match(offered) or offered[0]


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
