"""The order of the survey's pages, for navigation and the progress indicator, and their titles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveys import conditions
from surveys.model import Instrument, pick

ABOUT_PAGE = "about"
OPEN_PAGE = "open"
REVIEW_PAGE = "review"


def page_sequence(instrument: Instrument) -> tuple[str, ...]:
    """Page ids in order: one per dimension (file order), about you, open questions, review.

    The "about you" questions come after the statements: asked first, they can feel
    identifying and put people off before they have seen what the survey is about.
    A page with nothing to ask (an assessment without segment or open questions) is left out.
    Dimension pages use the dimension id; the loader keeps those from clashing with the others.
    """
    pages = [dimension.id for dimension in instrument.dimensions]
    pages.extend(page.id for page in instrument.pages)  # custom pages, when it has any
    if instrument.segments:
        pages.append(ABOUT_PAGE)
    if instrument.open_questions:
        pages.append(OPEN_PAGE)
    pages.append(REVIEW_PAGE)
    return tuple(pages)


@dataclass(frozen=True)
class Step:
    page: str
    number: int
    total: int
    previous: str | None
    next: str | None


def step(instrument: Instrument, page: str, answers: Mapping[str, Any] | None = None) -> Step:
    """Where ``page`` sits in the survey; KeyError for a page the survey does not have.

    With the respondent's ``answers`` (custom question id -> stored answer), custom pages
    whose condition is not met are left out of the way forward and back.
    """
    pages = page_sequence(instrument)
    if answers is not None and instrument.pages:
        shown = conditions.shown_pages(instrument, answers)
        hidden = {p.id for p in instrument.pages if p.id not in shown and p.id != page}
        pages = tuple(p for p in pages if p not in hidden)
    index = pages.index(page) if page in pages else None
    if index is None:
        raise KeyError(page)
    return Step(
        page=page,
        number=index + 1,
        total=len(pages),
        previous=pages[index - 1] if index > 0 else None,
        next=pages[index + 1] if index + 1 < len(pages) else None,
    )


def known_pages(instrument: Instrument) -> tuple[str, ...]:
    return page_sequence(instrument)


def first_page(instrument: Instrument) -> str:
    return page_sequence(instrument)[0]


def page_title(instrument: Instrument, page: str, language: str, gettext) -> str:
    """The page's heading in ``language``; ``gettext`` (the caller's) translates the fixed ones."""
    if page == ABOUT_PAGE:
        return gettext("About you")
    if page == OPEN_PAGE:
        return gettext("In your own words")
    if page == REVIEW_PAGE:
        return gettext("Check your answers")
    if page in {custom.id for custom in instrument.pages}:
        return pick(instrument.custom_page(page).title, language)
    return pick(instrument.dimension(page).names, language)
