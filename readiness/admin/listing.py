"""The console's list of assessments, with everyone who has answered each."""

from __future__ import annotations

from sqlalchemy import func, select

from .. import db
from ..models import Assessment, Response, SealedSubmission


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
