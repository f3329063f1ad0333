"""Which language a respondent sees: their choice, else their browser's, else the survey's."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import request, session

_CHOSEN = "language"


def resolve(offered: list[str]) -> str:
    """The language for this request among those the assessment offers."""
    chosen = session.get(_CHOSEN)
    if chosen in offered:
        return chosen
    return request.accept_languages.best_match(offered) or offered[0]


def choose(language: str, offered: list[str]) -> bool:
    """Remember the respondent's choice; False when the survey does not offer it."""
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
