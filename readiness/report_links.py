"""Signed read-only report links: a random token (256 bits) of which only the hash is kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from . import db
from .audit import record
from .models import Assessment, ReportLink

TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def now() -> datetime:
    """Naive UTC, as the database keeps it."""
    return datetime.now(UTC).replace(tzinfo=None)


def create(assessment: Assessment, label: str, days: int) -> tuple[ReportLink, str]:
    """A new link to ``assessment``'s report; the token is returned once and never stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ReportLink(
        assessment_id=assessment.id,
        token_hash=hash_token(token),
        label=label.strip()[:120],
        expires_at=now() + timedelta(days=days),
        revoked=False,
    )
    db.session().add(link)
    db.session().flush()
    record("report_link.create", assessment.id, link=link.id, label=link.label, days=days)
    return link, token


def revoke(link: ReportLink) -> None:
    if not link.revoked:
        link.revoked = True
        record("report_link.revoke", link.assessment_id, link=link.id, label=link.label)


def active(token: str) -> ReportLink | None:
    """The link this token opens, if it exists, is not revoked and has not expired."""
    if not token or len(token) > 100:
        return None
    link = db.session().scalar(select(ReportLink).where(ReportLink.token_hash == hash_token(token)))
    if link is None or link.revoked or link.expires_at <= now():
        return None
    return link


def links_of(assessment: Assessment) -> list[ReportLink]:
    return list(
        db.session().scalars(
            select(ReportLink)
            .where(ReportLink.assessment_id == assessment.id)
            .order_by(ReportLink.created_at.desc(), ReportLink.id.desc())
        )
    )
