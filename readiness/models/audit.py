"""Who did what to which assessment, and when. Never respondent data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: when the staff action happened
    at: Mapped[datetime] = mapped_column(server_default=func.now())
    #: who acted; None for the system or the command line
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the actor's e-mail at the time, kept when the account is removed
    actor: Mapped[str] = mapped_column(String(254), default="system")
    #: a short verb such as ``assessment.open``
    action: Mapped[str] = mapped_column(String(60))
    #: the assessment concerned, if any
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL"), index=True
    )
    #: small details (changed fields, counts); never answers or codes
    detail: Mapped[dict] = mapped_column(default=dict)


class ReportLink(Base):
    """A signed read-only link to one assessment's report, which expires and can be revoked."""

    __tablename__ = "report_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the only assessment this link shows
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    #: SHA-256 of the token in the link
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: a label so the admin knows who has it
    label: Mapped[str] = mapped_column(String(120), default="")
    #: the link stops working after this moment
    expires_at: Mapped[datetime]
    #: revoked links stop working at once
    revoked: Mapped[bool] = mapped_column(default=False)
    #: staff-side creation time
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
