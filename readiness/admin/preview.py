"""The survey as a respondent sees it, page by page, with nothing stored."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from wtforms import Form

from surveys.forms import page_form
from surveys.model import Instrument, pick
from surveys.pages import ABOUT_PAGE, OPEN_PAGE, REVIEW_PAGE, page_sequence

from ..assessments import instrument_of
from ..models import Assessment


@dataclass
class PageView:
    instrument: Instrument
    language: str
    pages: tuple[str, ...]
    page: str | None  #: None for the welcome page
    form: Form | None
    title: str

    @property
    def position(self) -> int:
        return 0 if self.page is None else self.pages.index(self.page) + 1

    @property
    def previous_page(self) -> str | None:
        if self.page is None:
            return None
        index = self.pages.index(self.page)
        return self.pages[index - 1] if index > 0 else ""

    @property
    def next_page(self) -> str | None:
        if self.page is None:
            return self.pages[0]
        index = self.pages.index(self.page)
        return self.pages[index + 1] if index + 1 < len(self.pages) else None


def page_view(assessment: Assessment, page: str | None, language: str) -> PageView:
    """One page of the survey in ``language``; KeyError for a page the survey does not have."""
    instrument = instrument_of(assessment)
    pages = page_sequence(instrument)
    form = None
    if page is not None:
        form_class = page_form(instrument, page, assessment.module, language, Form, gettext)
        form = form_class() if form_class is not None else None
    if page is None:
        title = pick(instrument.title, language)
    elif page == ABOUT_PAGE:
        title = gettext("About you")
    elif page == OPEN_PAGE:
        title = gettext("In your own words")
    elif page == REVIEW_PAGE:
        title = gettext("Check and send")
    else:
        title = pick(instrument.dimension(page).names, language)
    return PageView(instrument, language, pages, page, form, title)
