"""Recording staff actions in the audit log."""

from __future__ import annotations

from flask_login import current_user

from . import db
from .models import AuditEvent


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
