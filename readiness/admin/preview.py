"""The survey exactly as a respondent sees it, in the respondent's own templates, storing nothing.

The question pages are the survey's own forms and template; their Next and Back buttons come
back here and only move between preview pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from wtforms import Form

from surveys.forms import page_form
from surveys.model import Instrument, pick
from surveys.pages import REVIEW_PAGE, Step, page_sequence, page_title, step

from ..assessments import instrument_of
from ..models import Assessment


@dataclass
class PageView:
    instrument: Instrument
    language: str
    page: str | None  #: None for the welcome page
    step: Step | None
    form: Form | None
    title: str

    @property
    def template(self) -> str:
        if self.page is None:
            return "admin/preview_landing.html"
        if self.page == REVIEW_PAGE:
            return "admin/preview_review.html"
        return "admin/preview_page.html"

    def target(self, direction: str) -> str | None:
        """The page a Next or Back button leads to; "" is the welcome page."""
        if self.step is None:
            return page_sequence(self.instrument)[0] if direction == "next" else None
        if direction == "back":
            return self.step.previous or ""
        return self.step.next


def page_view(assessment: Assessment, page: str | None, language: str) -> PageView:
    """One page of the survey in ``language``; KeyError for a page the survey does not have."""
    instrument = instrument_of(assessment)
    if page is None:
        return PageView(instrument, language, None, None, None, pick(instrument.title, language))
    found = step(instrument, page)
    form_class = page_form(instrument, page, assessment.module, language, Form, gettext)
    return PageView(
        instrument,
        language,
        page,
        found,
        form_class() if form_class is not None else None,
        page_title(instrument, page, language, gettext),
    )
