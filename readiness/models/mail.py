"""Mail: recipient lists of a survey, its mail settings, and every outgoing message.

Addresses live here only while they are needed: a survey's recipients (and the messages sent
to them) are deleted when it closes or earlier on request; a sent message keeps no body.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

QUEUED, SENDING, SENT, FAILED, UNSUBSCRIBED = "queued", "sending", "sent", "failed", "unsubscribed"
STATES = (QUEUED, SENDING, SENT, FAILED, UNSUBSCRIBED)
EVERYONE, NOT_ANSWERED = "everyone", "not_answered"
REMINDER_MODES = (EVERYONE, NOT_ANSWERED)


def utcnow() -> datetime:
    """Now in UTC, naive, as every mail time is stored."""
    return datetime.now(UTC).replace(tzinfo=None)


class MailRecipient(Base):
    """One address on a survey's list, with its personal code kept sealed (not readable from
    the database alone) so that reminders can carry the same link."""

    __tablename__ = "mail_recipients"
    __table_args__ = (UniqueConstraint("assessment_id", "address"),)

    #: internal key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the survey whose list it is on
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    #: the address, lower-cased as uploaded
    address: Mapped[str] = mapped_column(String(320))
    #: how to greet them, if the list said
    name: Mapped[str] = mapped_column(String(200), default="")
    #: en, de or fr: the language of their messages and the survey they open
    language: Mapped[str] = mapped_column(String(8), default="en")
    #: the long code of their personal link, encrypted under a key that is not in the database
    sealed_code: Mapped[bytes] = mapped_column(LargeBinary)


class MailSettings(Base):
    """How a survey's invitations and reminders read, and when reminders go."""

    __tablename__ = "mail_settings"

    #: the survey (one row per survey that has used mail)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    #: the subject line the comms lead wrote; empty means the default
    subject: Mapped[str] = mapped_column(String(200), default="")
    #: the opening paragraph the comms lead wrote; empty means the default
    intro: Mapped[str] = mapped_column(Text, default="")
    #: everyone on the list, or only those whose code is unused
    reminder_mode: Mapped[str] = mapped_column(String(20), default=EVERYONE)
    #: days of the survey on which a reminder goes by itself, e.g. [3, 7]
    reminder_days: Mapped[list] = mapped_column(default=list)
    #: how many reminders were sent on demand (names the next round)
    reminders_sent: Mapped[int] = mapped_column(default=0)
    #: the rounds already made ("invitation", "reminder-1", "day-3"…): each is made once
    rounds_done: Mapped[list] = mapped_column(default=list)
    #: the address the links were built on when the comms lead sent the invitations (so that
    #: scheduled reminders, made without a request, carry the same links)
    link_base: Mapped[str | None] = mapped_column(String(300))
    #: the day the address list was deleted (at close or on request)
    list_deleted_on: Mapped[date | None]
    #: counts kept when the list is deleted: {"sent": n, "failed": n, "unsubscribed": n}
    final_counts: Mapped[dict | None]


class MailMessage(Base):
    """One outgoing message; its key makes queuing it twice a no-op."""

    __tablename__ = "mail_messages"
    __table_args__ = (Index("ix_mail_messages_state_not_before", "state", "not_before"),)

    #: internal key, also the order messages are sent in
    id: Mapped[int] = mapped_column(primary_key=True)
    #: idempotency key: one message per key, ever
    key: Mapped[str] = mapped_column(String(200), unique=True)
    #: invitation, reminder, or an account message kind
    kind: Mapped[str] = mapped_column(String(40))
    #: the survey it belongs to, for survey mail (deleted with its list)
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    #: where it goes
    to_address: Mapped[str] = mapped_column(String(320))
    #: queued, sending, sent, failed or unsubscribed
    state: Mapped[str] = mapped_column(String(20), default=QUEUED)
    #: subject, bodies and headers, encrypted; emptied once the message is sent or given up
    sealed_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: delivery attempts so far
    attempts: Mapped[int] = mapped_column(default=0)
    #: not sent before this time (backoff after a temporary failure)
    not_before: Mapped[datetime] = mapped_column(default=utcnow)
    #: a worker's claim: it alone sends this message until the lease ends
    claim: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    #: the server's reason for the last failure (a permanent one makes it failed)
    error: Mapped[str | None] = mapped_column(Text)
    #: when it was queued and sent (staff-side mail, never linked to a response)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class Unsubscribe(Base):
    """An address that asked for no more survey mail, kept only as a keyed hash."""

    __tablename__ = "mail_unsubscribes"

    #: HMAC of the lower-cased address
    address_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: the day they asked
    created_on: Mapped[date] = mapped_column(default=date.today)
