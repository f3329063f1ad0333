"""Where an assessment stands today, in words a comms lead uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import db
from ..assessments import AssessmentError, close, is_accepting, open_
from ..models import Assessment, Response, SealedSubmission
from ..models.assessment import CLOSED, DRAFT, OPEN


@dataclass(frozen=True)
class State:
    key: str  #: draft, scheduled, open, ended, closed
    label: str
    accepting: bool


def state_of(assessment: Assessment, today: date | None = None) -> State:
    today = today or date.today()
    if assessment.status == DRAFT:
        return State("draft", _("Draft"), False)
    if assessment.status == CLOSED and assessment.released_on:
        day = format_date(assessment.released_on, "long")
        return State("released", _("Closed, results shared on %(day)s", day=day), False)
    if assessment.status == CLOSED:
        return State("closed", _("Closed"), False)
    if assessment.opens_on and today < assessment.opens_on:
        day = format_date(assessment.opens_on, "long")
        return State("scheduled", _("Opens on %(day)s", day=day), False)
    if assessment.closes_on and today > assessment.closes_on:
        day = format_date(assessment.closes_on, "long")
        return State("ended", _("Ended on %(day)s", day=day), False)
    return State("open", _("Open"), is_accepting(assessment, today))


def reopening_needs_confirmation(assessment: Assessment) -> bool:
    """Whether pressing Open means opening again a survey that people have answered."""
    return assessment.status == CLOSED and not assessment.released


def open_assessment(assessment: Assessment, today: date | None = None) -> None:
    """Open now, or on the scheduled opening day; refuses when the closing day has passed,
    and (`assessments.open_`) once results were shared or answers imported."""
    today = today or date.today()
    if assessment.closes_on and assessment.closes_on < today:
        raise AssessmentError(
            _("The closing date has passed. Change the closing date first, then open it again.")
        )
    open_(assessment, today)


def close_assessment(assessment: Assessment, today: date | None = None) -> None:
    if assessment.status != OPEN:
        raise AssessmentError(_("Only an open assessment can be closed."))
    close(assessment, today)


def response_counts() -> dict[int, int]:
    """Responses per assessment (stored and still sealed), for the list page."""
    counts: dict[int, int] = {}
    for model in (Response, SealedSubmission):
        rows = db.session().execute(
            select(model.assessment_id, func.count()).group_by(model.assessment_id)
        )
        for assessment_id, count in rows:
            counts[assessment_id] = counts.get(assessment_id, 0) + count
    return counts


def all_assessments() -> list[Assessment]:
    return list(
        db.session().scalars(
            select(Assessment).order_by(Assessment.created_at.desc(), Assessment.id.desc())
        )
    )
