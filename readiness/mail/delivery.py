"""Delivering queued messages: claim a batch, send each, mark each, so that nothing is lost
or sent twice when a worker dies.

A worker claims a batch in one short transaction (state ``sending``, its claim token and a
lease); it commits ``sent`` for each message the moment the server accepted it, before sending
the next. A worker killed mid-batch leaves only messages it had not finished: their lease runs
out and another worker sends them. The one window SMTP itself leaves open (the server accepted
the message, the worker died before recording it) repeats that message with the same
Message-ID, which receiving systems recognise as the same message.

Temporary failures (4xx, no connection) put the message back with a pause that doubles each
time; permanent ones (5xx) record the server's reason on the message, for the comms lead.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, event, func, or_, select, update

from .. import db
from ..models.mail import (
    FAILED,
    QUEUED,
    SENDING,
    SENT,
    UNSUBSCRIBED,
    MailMessage,
    Unsubscribe,
    utcnow,
)
from . import queue, sealed, smtp
from .outbox import SURVEY_KINDS
from .unsubscribe import address_hash

log = logging.getLogger("readiness.mail")


def deliver_batch() -> tuple[int, bool]:
    """Send one batch of due messages; (how many were sent, whether more may be waiting)."""
    size = int(current_app.config["MAIL_BATCH_SIZE"])
    token, batch = claim(size)
    if not batch:
        return 0, False
    connection = smtp.Connection(current_app.config)
    unsubscribed = _unsubscribed_among(batch)
    sent = 0
    try:
        for position, message in enumerate(batch):
            try:
                outcome = _send_one(connection, message, unsubscribed)
            except smtp.NoConnection as error:
                # No server: the rest of the batch would fail the same way.
                for number, waiting in enumerate(batch[position:]):
                    _retry_later(waiting, token, str(error), wake=number == 0)
                break
            sent += outcome == SENT
    finally:
        connection.close()
    return sent, len(batch) == size


def marks_survive_a_crash_not_a_power_cut(engine) -> None:
    """For a worker process on SQLite: commit without waiting for the disk (WAL with
    ``synchronous=NORMAL``). A killed worker loses none of its marks, since the operating
    system still writes what was committed; only a power cut can lose the last few, and then
    those messages go again with the same Message-ID. Waiting for the disk after every message
    costs about 10 ms each on an ordinary disk, a third of the delivery time."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _relaxed(dbapi_connection, _record):  # after db's own settings, so it wins
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    engine.dispose()


def claim(limit: int) -> tuple[str, list[MailMessage]]:
    """Take up to ``limit`` due messages for this worker alone; (its claim token, them).

    Claims whose lease ended (their worker died) are given back first.
    """
    config = current_app.config
    token = secrets.token_hex(8)
    now = utcnow()
    lease = now + timedelta(seconds=int(config["MAIL_LEASE_SECONDS"]))
    with db.writing() as session:
        release_expired(now)
        ids = list(session.scalars(
            select(MailMessage.id)
            .where(MailMessage.state == QUEUED, MailMessage.not_before <= now)
            .order_by(MailMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ))
        if ids:
            session.execute(
                update(MailMessage)
                .where(MailMessage.id.in_(ids), MailMessage.state == QUEUED)
                .values(state=SENDING, claim=token, lease_until=lease,
                        attempts=MailMessage.attempts + 1)
                .execution_options(synchronize_session=False)
            )
    if not ids:
        return token, []
    batch = list(db.session().scalars(
        select(MailMessage).where(MailMessage.claim == token).order_by(MailMessage.id)
        .execution_options(populate_existing=True)
    ))
    db.session().commit()
    return token, batch


def release_expired(now=None) -> int:
    """Give back the claims of workers that died (lease ended); how many messages."""
    now = now or utcnow()
    result = db.session().execute(
        update(MailMessage)
        .where(MailMessage.state == SENDING, MailMessage.lease_until < now)
        .values(state=QUEUED, claim=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _send_one(connection: smtp.Connection, message: MailMessage, unsubscribed: set[str]) -> str:
    if message.kind in SURVEY_KINDS and message.to_address in unsubscribed:
        _finish(message, UNSUBSCRIBED, None)
        return UNSUBSCRIBED
    body = sealed.unseal(message.sealed_body) if message.sealed_body else None
    if body is None:  # pragma: no cover - only a finished message has no body
        _finish(message, FAILED, "nothing to send")
        return FAILED
    try:
        email = smtp.build(
            sender=str(current_app.config["SMTP_FROM"]), to=_to_header(message, body),
            subject=body["subject"], text=body["text"], html=body.get("html"),
            headers=body.get("headers") or {}, language=body.get("language"), key=message.key,
        )
    except ValueError as error:
        _finish(message, FAILED, f"not sent: {error}")
        return FAILED
    try:
        connection.send(email, message.to_address)
    except smtp.PermanentFailure as error:
        _finish(message, FAILED, str(error))
        log.info("mail %s refused for good", message.id)
        return FAILED
    except smtp.NoConnection:
        raise
    except smtp.TemporaryFailure as error:
        _retry_later(message, message.claim, str(error))
        return QUEUED
    _finish(message, SENT, None)
    return SENT


def _to_header(message: MailMessage, body: dict) -> str:
    return smtp.recipient(message.to_address, body.get("to_name") or "")


def _unsubscribed_among(batch: list[MailMessage]) -> set[str]:
    """The addresses of survey mail in ``batch`` that asked for no more, in one query."""
    hashes = {address_hash(m.to_address): m.to_address for m in batch if m.kind in SURVEY_KINDS}
    if not hashes:
        return set()
    found = db.session().scalars(
        select(Unsubscribe.address_hash).where(Unsubscribe.address_hash.in_(list(hashes)))
    )
    addresses = {hashes[digest] for digest in found}
    db.session().commit()
    return addresses


def _finish(message: MailMessage, state: str, error: str | None) -> None:
    """Record the outcome of a claimed message in its own commit; its body goes."""
    with db.writing() as session:
        session.execute(
            update(MailMessage)
            .where(MailMessage.id == message.id, MailMessage.claim == message.claim)
            .values(state=state, error=error, sealed_body=None, claim=None, lease_until=None,
                    sent_at=utcnow() if state == SENT else None)
            .execution_options(synchronize_session=False)
        )


def _retry_later(message: MailMessage, token: str | None, reason: str, *,
                 wake: bool = True) -> None:
    """Back to the queue after a pause that doubles with each attempt; after the last attempt
    a temporary failure counts as permanent."""
    config = current_app.config
    if message.attempts >= int(config["MAIL_MAX_ATTEMPTS"]):
        _finish(message, FAILED, f"gave up after {message.attempts} attempts: {reason}")
        return
    pause = int(config["MAIL_RETRY_SECONDS"]) * 2 ** (message.attempts - 1)
    with db.writing() as session:
        session.execute(
            update(MailMessage)
            .where(MailMessage.id == message.id, MailMessage.claim == token)
            .values(state=QUEUED, error=reason, claim=None, lease_until=None,
                    not_before=utcnow() + timedelta(seconds=pause))
            .execution_options(synchronize_session=False)
        )
    if wake:
        queue.kick_later(queue.get_huey(), pause)


def deliver_due() -> int:
    """Send everything due now, batch after batch, in this process (tests, commands)."""
    total = 0
    while True:
        sent, more = deliver_batch()
        total += sent
        if not more:
            return total


def recover() -> None:
    """At a worker's start: give back dead claims and wake delivery for what is waiting."""
    with db.writing():
        release_expired()
    session = db.session()
    now = utcnow()
    waiting = session.scalar(select(func.count()).select_from(MailMessage).where(
        or_(MailMessage.state == QUEUED, MailMessage.state == SENDING)
    ))
    latest_lease = session.scalar(
        select(func.max(MailMessage.lease_until)).where(
            and_(MailMessage.state == SENDING, MailMessage.lease_until >= now)
        )
    )
    session.commit()
    huey = queue.get_huey()
    if waiting:
        queue.kick(huey, waiting)
    if latest_lease is not None:
        queue.kick_later(huey, (latest_lease - now).total_seconds() + 1)
