"""What the comms lead sees of a survey's mail: counts per state, and the addresses the server
refused with its reason. Never who answered: only how many messages are where, and reminders
sent only to those who had not answered are in no count and no list (their number would say
how many of the list answered; `outbox.UNANSWERED_REMINDER`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from .. import db
from ..models import Assessment
from ..models.mail import FAILED, QUEUED, SENDING, SENT, UNSUBSCRIBED, MailMessage, MailSettings
from .outbox import UNANSWERED_REMINDER
from .recipients import list_size

#: Refused addresses listed on the page; the rest are counted.
FAILURES_SHOWN = 200


@dataclass(frozen=True)
class Progress:
    listed: int
    queued: int
    sent: int
    failed: int
    unsubscribed: int
    failures: list[tuple[str, str]]  #: (address, the server's reason)
    list_deleted_on: object
    rounds_done: list[str]

    @property
    def busy(self) -> bool:
        """Whether anything is still waiting to go (the page then refreshes itself)."""
        return self.queued > 0


def of(assessment: Assessment) -> Progress:
    session = db.session()
    settings = session.get(MailSettings, assessment.id)
    if settings is not None and settings.list_deleted_on is not None:
        counts = settings.final_counts or {}
        return Progress(0, 0, counts.get(SENT, 0), counts.get(FAILED, 0),
                        counts.get(UNSUBSCRIBED, 0), [], settings.list_deleted_on,
                        settings.rounds_done or [])
    counted = (MailMessage.assessment_id == assessment.id,
               MailMessage.kind != UNANSWERED_REMINDER)
    counts = dict(session.execute(
        select(MailMessage.state, func.count()).where(*counted).group_by(MailMessage.state)
    ).all())
    failures = [tuple(row) for row in session.execute(
        select(MailMessage.to_address, MailMessage.error)
        .where(*counted, MailMessage.state == FAILED)
        .order_by(MailMessage.id).limit(FAILURES_SHOWN)
    )]
    return Progress(
        listed=list_size(assessment),
        queued=int(counts.get(QUEUED, 0)) + int(counts.get(SENDING, 0)),
        sent=int(counts.get(SENT, 0)),
        failed=int(counts.get(FAILED, 0)),
        unsubscribed=int(counts.get(UNSUBSCRIBED, 0)),
        failures=failures,  # type: ignore[arg-type]
        list_deleted_on=None,
        rounds_done=(settings.rounds_done or []) if settings else [],
    )
