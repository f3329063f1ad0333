"""Staff accounts: invite with a one-time password, reset it, remove; and the audit log."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import db
from ..audit import record
from ..models import Assessment, AuditEvent, User
from ..models.user import ADMIN
from ..users import UserError, create


def one_time_password() -> str:
    """A password to pass on once; the person can keep it or ask for another."""
    return secrets.token_urlsafe(12)


def all_users() -> list[User]:
    return list(db.session().scalars(select(User).order_by(User.role, User.email)))


def viewers() -> list[User]:
    return [user for user in all_users() if user.role != ADMIN]


def invite(email: str, role: str, name: str = "") -> tuple[User, str]:
    password = one_time_password()
    user = create(email, role=role, password=password, name=name)
    record("user.invite", None, email=user.email, role=role)
    return user, password


def reset_password(user: User) -> str:
    """A new one-time password; every session the person had stops working."""
    password = one_time_password()
    user.set_password(password)  # also rotates the session token
    record("user.reset_password", None, email=user.email)
    return password


def remove(user: User, acting: User) -> None:
    if user.id == acting.id:
        raise UserError(_("You cannot remove your own account."))
    if user.role == ADMIN:
        admins = db.session().scalar(select(func.count()).where(User.role == ADMIN))
        if admins <= 1:
            raise UserError(_("This is the last comms lead account; it stays."))
    record("user.remove", None, email=user.email, role=user.role)
    db.session().delete(user)
    db.session().flush()


def audit_log(limit: int = 500, assessment_id: int | None = None):
    """The newest staff actions, with the assessment's title when there is one."""
    query = (
        select(AuditEvent, Assessment.title)
        .outerjoin(Assessment, Assessment.id == AuditEvent.assessment_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    if assessment_id is not None:
        query = query.where(AuditEvent.assessment_id == assessment_id)
    return list(db.session().execute(query).all())
