"""Who may read which assessment's results: admins all, viewers those granted to them."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from . import db
from .audit import record
from .models import Assessment, User, ViewerGrant
from .models.user import VIEWER


class AccessError(ValueError):
    """The grant cannot be made; the message says why."""


def readable_assessments(user: User) -> list[Assessment]:
    query = select(Assessment).order_by(Assessment.created_at.desc(), Assessment.id.desc())
    if not user.is_admin:
        query = query.join(ViewerGrant, ViewerGrant.assessment_id == Assessment.id).where(
            ViewerGrant.user_id == user.id
        )
    return list(db.session().scalars(query))


def may_read(user: User, assessment: Assessment) -> bool:
    if user.is_admin:
        return True
    found = db.session().scalar(
        select(ViewerGrant.id).where(
            ViewerGrant.user_id == user.id, ViewerGrant.assessment_id == assessment.id
        )
    )
    return found is not None


def grants_of(assessment: Assessment) -> list[tuple[ViewerGrant, User]]:
    return list(
        db.session().execute(
            select(ViewerGrant, User)
            .join(User, User.id == ViewerGrant.user_id)
            .where(ViewerGrant.assessment_id == assessment.id)
            .order_by(User.email)
        ).all()
    )


def grant(assessment: Assessment, user: User) -> ViewerGrant:
    if user.role != VIEWER:
        raise AccessError(_("Only leadership (viewer) accounts are given access this way."))
    existing = db.session().scalar(
        select(ViewerGrant).where(
            ViewerGrant.user_id == user.id, ViewerGrant.assessment_id == assessment.id
        )
    )
    if existing is not None:
        return existing
    found = ViewerGrant(user_id=user.id, assessment_id=assessment.id)
    db.session().add(found)
    db.session().flush()
    record("viewer.grant", assessment.id, viewer=user.email)
    return found


def revoke(found: ViewerGrant) -> None:
    user = db.session().get(User, found.user_id)
    record("viewer.revoke", found.assessment_id, viewer=user.email if user else None)
    db.session().delete(found)
    db.session().flush()
