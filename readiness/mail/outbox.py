"""The outbox: the one way anything in Readiness sends mail.

`queue_message` records a message under an idempotency key and, once the caller's transaction
commits, asks the queue to deliver it. Nothing is sent inside the request; a second call with
the same key does nothing, whatever else differs.

For tests: the ``smtp_sink`` fixture (tests/conftest.py) points the application at a real
aiosmtpd server on 127.0.0.1 and runs queued tasks at once, so a test reads what arrived from
``smtp_sink.messages`` right after the request that queued it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import event, select

from .. import db
from ..models.mail import QUEUED, MailMessage, utcnow
from . import sealed

#: Survey mail, which an unsubscribed address no longer receives. Account mail (password
#: links) is not affected by unsubscribing.
SURVEY_KINDS = ("invitation", "reminder", "reminder-unanswered")
#: Reminders sent only to those whose code is unused: how many there are would tell how many of
#: the list answered (down to one person), so no count the comms lead sees includes them.
UNANSWERED_REMINDER = "reminder-unanswered"


@dataclass(frozen=True)
class Outgoing:
    """One message to record: see `queue_message` for what each part means."""

    to: str
    subject: str
    text: str
    key: str
    kind: str
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    language: str | None = None
    assessment_id: int | None = None
    #: the recipient's name for the To header (survey lists may give one)
    name: str = ""


def queue_message(
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    key: str,
    kind: str,
    headers: dict[str, str] | None = None,
    language: str | None = None,
) -> None:
    """Record one outgoing message to ``to`` and hand it to the queue once the current
    transaction commits; a message with the same ``key`` already recorded makes this a no-op.

    ``text`` is the plain-text body, ``html`` an optional HTML alternative (already escaped),
    ``kind`` names what it is (e.g. "password_reset"), ``headers`` extra headers (values with
    a line break are refused when it is sent), ``language`` the Content-Language. The caller's
    request (or `db.writing`) commits, as for any other write.
    """
    queue_messages([
        Outgoing(to=to, subject=subject, text=text, html=html, key=key, kind=kind,
                 headers=dict(headers or {}), language=language)
    ])


def queue_messages(messages: Iterable[Outgoing]) -> int:
    """Record many messages at once (skipping keys already recorded); how many were new."""
    rows = [_row(message) for message in messages]
    if not rows:
        return 0
    session = db.session()
    existing = _existing_keys([row["key"] for row in rows])
    fresh: dict[str, dict] = {}
    for row in rows:
        if row["key"] not in existing:
            fresh.setdefault(row["key"], row)
    if fresh:
        session.execute(_insert_ignoring_duplicates(), list(fresh.values()))
        _deliver_after_commit(session, len(fresh))
    return len(fresh)


def _row(message: Outgoing) -> dict:
    body = {
        "subject": message.subject,
        "text": message.text,
        "html": message.html,
        "headers": message.headers,
        "language": message.language,
        "to_name": message.name,
    }
    now = utcnow()
    return {
        "key": message.key,
        "kind": message.kind,
        "assessment_id": message.assessment_id,
        "to_address": message.to.strip(),
        "state": QUEUED,
        "sealed_body": sealed.seal(body),
        "attempts": 0,
        "not_before": now,
        "created_at": now,
    }


def _existing_keys(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found.update(db.session().scalars(select(MailMessage.key).where(MailMessage.key.in_(chunk))))
    return found


def _insert_ignoring_duplicates():
    """INSERT that skips a key another transaction recorded meanwhile (the race of two
    identical requests): the unique key decides, not the check before it."""
    statement = db.upsert_insert(db.engine().dialect.name, MailMessage)
    return statement.on_conflict_do_nothing(index_elements=["key"])


def _deliver_after_commit(session, count: int) -> None:
    """Wake the queue once the rows are committed; a rolled-back request sends nothing."""
    from . import queue

    huey = queue.get_huey()

    def _kick(_session):
        queue.kick(huey, count)

    event.listen(session, "after_commit", _kick, once=True)
