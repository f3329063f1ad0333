"""The order of the survey's pages, for navigation and the progress indicator."""

from __future__ import annotations

from surveys.model import Instrument

ABOUT_PAGE = "about"
OPEN_PAGE = "open"
REVIEW_PAGE = "review"


def page_sequence(instrument: Instrument) -> tuple[str, ...]:
    """Page ids in order: about you, one per dimension (file order), open questions, review.

    A page with nothing to ask (an assessment without segment or open questions) is left out.
    Dimension pages use the dimension id; the loader keeps those from clashing with the others.
    """
    pages = [ABOUT_PAGE] if instrument.segments else []
    pages.extend(dimension.id for dimension in instrument.dimensions)
    if instrument.open_questions:
        pages.append(OPEN_PAGE)
    pages.append(REVIEW_PAGE)
    return tuple(pages)
