"""What the survey pages do: find the assessment, admit a respondent, keep their answers.

Nothing here writes respondent data to the database; `submission` does that, once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, fields
from datetime import date
from functools import cached_property

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session
from wtforms import Form

from surveys.forms import (
    Answers,
    custom_page_summary,
    open_questions_form,
    page_form,
    stored_answers,
)
from surveys.model import Instrument, pick
from surveys.pages import ABOUT_PAGE, OPEN_PAGE, REVIEW_PAGE, page_sequence, page_title

from .. import assessments, codes, db, lifecycle
from ..models import Assessment
from ..models.assessment import BOTH, CODES, DRAFT, LINK
from ..throttle import Throttle, code_throttle
from . import fragments, journey

#: Failures of short-code entry across one assessment, whoever makes them: counted and, past
#: the limit, logged; never a lock-out, which would let anyone stop the survey.
assessment_code_throttle = Throttle(
    "code-assessment", "CODE_ASSESSMENT_MAX_FAILURES", "CODE_WINDOW_SECONDS"
)
#: Openings of one invitation link: enough for a person, too few to watch it for a change.
link_throttle = Throttle("code-link", "CODE_LINK_MAX_OPENINGS", "CODE_WINDOW_SECONDS")
log = logging.getLogger("readiness")


class Refusal(Exception):
    """The respondent cannot go on; carries the status and the words to say so kindly."""

    status = 400
    title = _l("Something in that request was not right")
    detail = _l("Please go back and try again.")


class UnknownSurvey(Refusal):
    status = 404
    title = _l("We could not find this survey")
    detail = _l("Please check the link you were given. It may be mistyped or incomplete.")


class NotOpenYet(Refusal):
    # 404 rather than 410: the survey is not there yet, but it will be.
    status = 404
    title = _l("This survey is not open yet")
    detail = _l("Please come back once it has opened. Nothing has been saved.")

    def __init__(self, opens_on: date | None = None) -> None:
        super().__init__()
        self.opens_on = opens_on


class SurveyClosed(Refusal):
    status = 410
    title = _l("This survey has closed")
    detail = _l("Thank you for your interest. Answers can no longer be sent.")


class UnknownCode(Refusal):
    status = 404
    title = _l("We do not recognise this code")
    detail = _l("Please check the link or code you were given. Nothing has been saved.")


class CodeUsed(Refusal):
    status = 410
    title = _l("This code has already been used")
    detail = _l(
        "Each code can be used once, and answers have already been sent with this one. "
        "If you think this is a mistake, ask the person who gave you the code for a new one."
    )


class CodeRequired(Refusal):
    status = 403
    title = _l("This survey needs your personal code")
    detail = _l("Please use the link or the code you were given.")


class AlreadyAnswered(Refusal):
    status = 409
    title = _l("You have already answered — thank you")
    detail = _l("Your answers from this browser have been received. Nothing more is needed.")


class TooManyAttempts(Refusal):
    status = 429
    title = _l("Too many attempts")
    detail = _l("Please wait a few minutes before trying your code again.")


class FormExpired(Refusal):
    status = 400
    title = _l("This page has expired")
    detail = _l(
        "For your safety the page needs reloading. Please go back, reload the page and try "
        "again. Answers you saved with Next or Back are still there."
    )


class TooMuchSent(Refusal):
    status = 413
    title = _l("That was too much to send at once")
    detail = _l("Please go back, shorten your answer a little and try again.")


class PageNotFound(Refusal):
    status = 404
    title = _l("We could not find that page")
    detail = _l("Please go back and use the buttons on the page.")


class DraftTooLarge(Refusal):
    """Choices alone outgrew the cookie: only a survey with very many "about you" questions
    could get there (tests/respond/test_cookie.py works out what always fits)."""


class NotStarted(Refusal):
    """A survey page was asked for before the respondent came in through the front page."""

    status = 404


_MAX_CACHED = 256


@dataclass(frozen=True)
class SurveyAssessment:
    """What the survey pages read of an assessment on every request; never its instrument text,
    which `instrument_of` parses once per process."""

    id: int
    public_id: str
    organisation: str
    status: str
    opens_on: date | None
    closes_on: date | None
    opened_on: date | None
    distribution: str
    languages: list[str] | None
    module: str | None
    k: int
    comment_k: int

    @property
    def default_language(self) -> str:
        return (self.languages or ["en"])[0]

    @cached_property
    def settings(self) -> tuple:
        """Every value above, hashable: what a page drawn for this survey depends on."""
        return tuple(
            tuple(value) if isinstance(value, list) else value
            for value in (getattr(self, field.name) for field in fields(self))
        )


_FIND_ASSESSMENT = select(
    *(getattr(Assessment, column.name) for column in fields(SurveyAssessment))
).where(Assessment.public_id == bindparam("public_id"))


#: Rows recently read, by (database, public id): survey pages ask for the same row hundreds of
#: times a second in a burst. Kept for ``SURVEY_ROW_CACHE_MS``; a change to any assessment made
#: through this process empties it at once, other processes see it when their copy expires. The
#: submit always reads afresh, inside its own write transaction.
_recent_rows: dict[tuple[str, str], tuple[float, SurveyAssessment]] = {}


def find_assessment(public_id: str) -> SurveyAssessment:
    """The assessment behind a respondent's link; UnknownSurvey if there is none."""
    config = current_app.config
    key = (config["DATABASE_URL"], public_id)
    now = time.monotonic()
    found = _recent_rows.get(key)
    if found is not None and found[0] > now and not db.in_transaction():
        return found[1]
    # One narrow row rather than the whole ORM object with its 40 KB of instrument text.
    assessment = _survey_assessment(db.read_row(_FIND_ASSESSMENT, {"public_id": public_id}))
    seconds = config["SURVEY_ROW_CACHE_MS"] / 1000
    if seconds > 0:
        if len(_recent_rows) >= _MAX_CACHED:
            _recent_rows.clear()
        _recent_rows[key] = (now + seconds, assessment)
    return assessment


def current_assessment(public_id: str) -> SurveyAssessment:
    """The row as it stands now, read in the request's own transaction (the submit's)."""
    row = db.session().execute(_FIND_ASSESSMENT, {"public_id": public_id}).first()
    return _survey_assessment(row)


def _survey_assessment(row) -> SurveyAssessment:
    if row is None:
        raise UnknownSurvey()  # never kept: made-up links must not fill the memory
    return SurveyAssessment(*row)


@event.listens_for(Session, "after_flush")
def _forget_changed_assessments(session: Session, _context) -> None:
    if _recent_rows and any(
        isinstance(instance, Assessment)
        for instance in (*session.new, *session.dirty, *session.deleted)
    ):
        _recent_rows.clear()


#: Parsed instruments of assessments past their draft, whose questions can no longer change
#: (`admin.editing.update`), by public id (random, so never shared by two databases), id and
#: opening day. Derived, read-only data: each worker process keeps its own.
_frozen_instruments: dict[tuple, Instrument] = {}


def instrument_of(assessment: SurveyAssessment) -> Instrument:
    """The instrument exactly as this assessment asks it (`assessments.instrument_of`)."""
    if assessment.status == DRAFT or assessment.opened_on is None:
        # A draft's questions may still change: read them every time.
        return assessments.instrument_of(db.session().get(Assessment, assessment.id))
    key = (assessment.public_id, assessment.id, assessment.opened_on)
    found = _frozen_instruments.get(key)
    if found is None:
        found = assessments.instrument_of(db.session().get(Assessment, assessment.id))
        if len(_frozen_instruments) >= _MAX_CACHED:
            _frozen_instruments.clear()
        _frozen_instruments[key] = found
    return found


#: Form classes by (instrument, page, module, language); the instrument is kept with its class
#: so that its id cannot be reused while the entry lives.
_form_classes: dict[tuple, tuple[Instrument, type[Form]]] = {}


def _cached_form(key: tuple, instrument: Instrument, make) -> type[Form]:
    found = _form_classes.get(key)
    if found is None or found[0] is not instrument:
        if len(_form_classes) >= _MAX_CACHED:
            _form_classes.clear()
        found = _form_classes[key] = (instrument, make())
    return found[1]


def page_form_class(
    instrument: Instrument, page: str, module: str | None, language: str
) -> type[Form]:
    """The page's form class (`surveys.forms.page_form`), built once per process.

    A plain WTForms form: `CSRFProtect` has already checked the token of every POST before a
    view runs, and the page template writes the token itself, so the form need not sign or
    check one again. Messages are translated when the form validates, so one class serves
    every request.
    """
    return _cached_form(
        (id(instrument), "page", page, module, language),
        instrument,
        lambda: fragments.keep_drawn(
            page_form(instrument, page, module, language, Form, gettext)
        ),
    )


def open_texts_form_class(instrument: Instrument, language: str) -> type[Form]:
    """The open questions as a plain form, to check carried answers (`carried`)."""
    return _cached_form(
        (id(instrument), "carried", language),
        instrument,
        lambda: open_questions_form(instrument, language, Form, gettext),
    )


def check_accepting(assessment: Assessment, today: date | None = None) -> None:
    """Raise NotOpenYet or SurveyClosed unless respondents may answer now (`lifecycle`)."""
    reason = lifecycle.why_not_accepting(assessment, today)
    if reason == lifecycle.ENDED:
        raise SurveyClosed()
    if reason == lifecycle.NOT_YET:
        raise NotOpenYet(lifecycle.scheduled_opening(assessment))


def accepts_link(assessment: Assessment) -> bool:
    return assessment.distribution in (LINK, BOTH)


def accepts_codes(assessment: Assessment) -> bool:
    return assessment.distribution in (CODES, BOTH)


def start_by_link(assessment: Assessment) -> journey.Draft:
    """Admit a respondent who came by the open link."""
    existing = journey.current(assessment.public_id)
    if existing is not None:
        return existing
    if not accepts_link(assessment):
        raise CodeRequired()
    if journey.has_answered(assessment.public_id):
        raise AlreadyAnswered()
    return journey.start(assessment.public_id)


def _admit_code(assessment: Assessment, kind: str, code: str) -> journey.Draft:
    """Start the survey with a known code, used or not: whether its owner has answered shows
    only when someone sends answers with it (and then spends it, if it was unused)."""
    found = codes.find(assessment, kind, code)
    if found is None:
        raise UnknownCode()
    # Whichever form was presented, the link hash names the code at submit.
    return journey.start(assessment.public_id, (codes.LINK, found.link_hash))


def present_link_code(assessment: Assessment, code: str) -> journey.Draft:
    """Exchange the long code of an invitation link for a started survey.

    Each link may be opened a limited number of times per window, so nobody can poll it; long
    codes cannot be guessed, so unknown ones are not counted against the assessment.
    """
    if not accepts_codes(assessment) or not codes.is_long_code(code):
        raise UnknownCode()
    if not link_throttle.attempt(f"link:{assessment.id}:{code}"):
        raise TooManyAttempts()
    return _admit_code(assessment, codes.LINK, code)


def present_short_code(assessment: Assessment, typed: str, session_key: str) -> journey.Draft:
    """Exchange a typed short code for a started survey; failures are throttled per browser.

    Failures count against this browser's session, never against an address (respondents
    often share one office network) and never against the whole survey, which would let
    anyone stop it by failing on purpose. What keeps guessing hopeless is the code's length:
    about 59 bits against a few thousand codes. Failures across the survey are still counted,
    and a flood of them is logged for the comms lead's IT team.
    """
    subject = f"session:{session_key}"
    if code_throttle.blocked(subject):
        raise TooManyAttempts()
    short = codes.normalise_short(typed)
    try:
        if short is None or not accepts_codes(assessment):
            raise UnknownCode()
        return _admit_code(assessment, codes.SHORT, short)
    except UnknownCode:
        code_throttle.fail(subject)
        survey = f"assessment:{assessment.id}"
        assessment_code_throttle.fail(survey)
        if assessment_code_throttle.blocked(survey):
            log.warning("many wrong codes for assessment %s: someone may be guessing",
                        assessment.id)
        raise


def draft_for(assessment: Assessment) -> journey.Draft:
    """The respondent's draft; NotStarted when they have not come in through the front page."""
    draft = journey.current(assessment.public_id)
    if draft is None:
        raise NotStarted()
    if not draft.token:
        # A draft begun before drafts had names gets one now, before its review is shown, so
        # that Send pressed twice is recognised for it too.
        draft.token = journey.new_token()
        journey.save(draft)
    return draft


def save_page(draft: journey.Draft, form) -> journey.Draft:
    """Keep a validated page's answers with the draft (replacing earlier ones of that page).

    Open answers are not kept: they travel in the forms (`carried`). Raises DraftTooLarge,
    with the draft left as it was, when the answers would no longer fit in the cookie.
    """
    before = draft.answers
    page = stored_answers(form)
    draft.answers = before.merged(
        Answers(items=page.items, segments=page.segments, questions=page.questions)
    )
    journey.save(draft)
    if journey.fits_in_cookie():
        return draft
    draft.answers = before
    journey.save(draft)
    current_app.logger.error("A survey draft outgrew the session cookie; too many questions?")
    raise DraftTooLarge()


# ---------------------------------------------------------------- the review's summary


@dataclass(frozen=True)
class SummaryLine:
    question: str
    answer: str | None  #: None when not answered


@dataclass(frozen=True)
class SummarySection:
    page: str
    title: str
    lines: tuple[SummaryLine, ...]


def summary(
    instrument: Instrument, module: str | None, answers: Answers, language: str, gettext
) -> list[SummarySection]:
    """Every question of the survey with the answer given, page by page, for the review."""
    sections = []
    labels = instrument.scale.labels.get(language) or instrument.scale.labels["en"]
    for page in page_sequence(instrument):
        if page == REVIEW_PAGE:
            continue
        if page == ABOUT_PAGE:
            lines = [
                SummaryLine(
                    pick(question.text, language),
                    next(
                        (
                            pick(option.labels, language)
                            for option in question.options
                            if option.id == answers.segments.get(question.id)
                        ),
                        None,
                    ),
                )
                for question in instrument.segments
            ]
        elif (custom := custom_page_summary(instrument, page, answers, language)) is not None:
            lines = [SummaryLine(question, answer) for question, answer in custom]
        elif instrument.questions_on(page):
            continue  # a custom page this respondent was not shown
        elif page == OPEN_PAGE:
            lines = [
                SummaryLine(pick(question.text, language), answers.open_texts.get(question.id))
                for question in instrument.open_questions
            ]
        else:
            lines = []
            for item in instrument.items_of(page, module):
                value = answers.items.get(item.id)
                if value is None:
                    answer = None
                elif value == 0:
                    answer = pick(instrument.scale.dont_know, language)
                else:
                    answer = labels[value - 1]
                lines.append(SummaryLine(pick(item.text, language), answer))
        sections.append(
            SummarySection(page, page_title(instrument, page, language, gettext), tuple(lines))
        )
    return sections
