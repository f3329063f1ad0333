"""Recording staff actions in the audit log, and finding them again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_login import current_user
from sqlalchemy import select

from . import db
from .models import Assessment, AuditEvent


def record(action: str, assessment_id: int | None = None, **detail) -> AuditEvent:
    """Add an audit event for the signed-in user (or the system); the request commits it."""
    user = current_user if current_user and current_user.is_authenticated else None
    event = AuditEvent(
        action=action,
        assessment_id=assessment_id,
        user_id=user.id if user else None,
        actor=user.email if user else "system",
        detail=detail,
    )
    db.session().add(event)
    return event


@dataclass(frozen=True)
class Search:
    """What to look for in the log; an empty field matches everything."""

    action: str = ""
    actor: str = ""
    since: date | None = None  #: from the start of this day (UTC)
    until: date | None = None  #: to the end of this day (UTC)


def search(found: Search, limit: int | None = 500):
    """Events matching ``found``, newest first, each with its assessment's title (or None)."""
    query = (
        select(AuditEvent, Assessment.title)
        .outerjoin(Assessment, Assessment.id == AuditEvent.assessment_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if found.action:
        query = query.where(AuditEvent.action == found.action)
    if found.actor:
        query = query.where(AuditEvent.actor == found.actor)
    if found.since:
        query = query.where(AuditEvent.at >= datetime.combine(found.since, time.min))
    if found.until:
        query = query.where(
            AuditEvent.at < datetime.combine(found.until + timedelta(days=1), time.min)
        )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session().execute(query).all())


def actions_used() -> list[str]:
    """Every action the log holds, for a filter's choices."""
    return sorted(db.session().scalars(select(AuditEvent.action).distinct()))


def actors() -> list[str]:
    """Everyone (and "system") the log names, for a filter's choices."""
    return sorted(db.session().scalars(select(AuditEvent.actor).distinct()))
