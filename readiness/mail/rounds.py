"""Rounds of survey mail: the invitations, reminders on demand, reminders on chosen days.

A round is made by a worker, not in the request (a list may hold 100,000 addresses): the comms
lead's button records the wish and queues the job. Each message's key is the survey, the round
and the recipient, so a round made twice (two clicks, a job retried after a crash) sends each
person one message. Reminders go to everyone on the list (the default; the text thanks those who
answered) or, when the comms lead chose so, only to those whose code is unused.
"""

from __future__ import annotations

import re
from datetime import date

from flask import current_app, url_for
from sqlalchemy import select

from .. import db
from ..audit import record
from ..codes import hash_code
from ..models import AccessCode, Assessment
from ..models.assessment import OPEN
from ..models.mail import NOT_ANSWERED, MailRecipient, MailSettings
from . import messages, queue, sealed, unsubscribe
from .outbox import UNANSWERED_REMINDER, Outgoing, queue_messages
from .recipients import delete_list, settings_for

INVITE, REMIND = "invite", "remind"
INVITATION_ROUND = "invitation"
#: Recipients written per transaction while making a round.
CHUNK = 1000


class RoundError(ValueError):
    """This round cannot be sent now; the message says why."""


def request_invitations(assessment: Assessment, link_base: str) -> None:
    """The comms lead's "Send invitations": queue the job that writes one invitation per
    address not yet invited (later uploads are invited by pressing it again)."""
    _ensure_sendable(assessment)
    settings = settings_for(assessment)
    settings.link_base = link_base
    record("mail.invitations", assessment.id)
    _after_commit(INVITE, assessment.id, INVITATION_ROUND)


def request_reminder(assessment: Assessment, link_base: str) -> str:
    """The comms lead's "Send a reminder now"; the round's name."""
    _ensure_sendable(assessment)
    settings = settings_for(assessment)
    settings.link_base = settings.link_base or link_base
    settings.reminders_sent += 1
    round_key = f"reminder-{settings.reminders_sent}"
    record("mail.reminder", assessment.id, mode=settings.reminder_mode)
    _after_commit(REMIND, assessment.id, round_key)
    return round_key


def _ensure_sendable(assessment: Assessment) -> None:
    from flask_babel import gettext as _

    from ..lifecycle import is_accepting

    settings = db.session().get(MailSettings, assessment.id)
    if settings is None or settings.list_deleted_on is not None:
        raise RoundError(_("Upload a list of addresses first."))
    if not is_accepting(assessment):
        raise RoundError(_("Invitations and reminders go out only while the survey is open."))


def _after_commit(job: str, assessment_id: int, round_key: str) -> None:
    from sqlalchemy import event

    huey = queue.get_huey()

    def _enqueue(_session):
        huey.readiness_tasks["run"](job, assessment_id, round_key)  # type: ignore[attr-defined]

    event.listen(db.session(), "after_commit", _enqueue, once=True)


def run(job: str, assessment_id: int, round_key: str | None) -> int:
    """Write a round's messages (in chunks, each its own transaction); how many were new."""
    session = db.session()
    assessment = session.get(Assessment, assessment_id)
    settings = session.get(MailSettings, assessment_id)
    session.commit()
    if assessment is None or settings is None or settings.list_deleted_on is not None:
        return 0
    base = settings.link_base or current_app.config.get("PUBLIC_BASE_URL") or "http://localhost"
    kind = messages.INVITATION if job == INVITE else messages.REMINDER
    round_key = round_key or INVITATION_ROUND
    queued = 0
    last_id = 0
    with current_app.test_request_context(base_url=base):
        while True:
            chunk = list(session.scalars(
                select(MailRecipient).where(MailRecipient.assessment_id == assessment_id,
                                            MailRecipient.id > last_id)
                .order_by(MailRecipient.id).limit(CHUNK)
            ))
            if not chunk:
                break
            last_id = chunk[-1].id
            outgoing = _write_round(kind, round_key, assessment, settings, chunk)
            with db.writing():
                queued += queue_messages(outgoing)
    with db.writing() as writing:
        settings = writing.get(MailSettings, assessment_id)
        if settings is not None and round_key not in (settings.rounds_done or []):
            settings.rounds_done = [*(settings.rounds_done or []), round_key]
    return queued


def _write_round(kind, round_key, assessment, settings, recipients) -> list[Outgoing]:
    codes = {recipient.id: sealed.unseal_text(recipient.sealed_code) for recipient in recipients}
    stored_kind = kind
    if kind == messages.REMINDER and settings.reminder_mode == NOT_ANSWERED:
        used = _used_codes(assessment, list(codes.values()))
        recipients = [r for r in recipients if hash_code(codes[r.id]) not in used]
        stored_kind = UNANSWERED_REMINDER  # counted nowhere: see outbox.UNANSWERED_REMINDER
    prefix = f"survey:{assessment.id}:{round_key}:"
    existing = _existing(prefix, recipients)
    writer = messages.RoundWriter(kind=kind, assessment=assessment, settings=settings)
    outgoing = []
    for recipient in recipients:
        key = f"{prefix}{recipient.id}"
        if key in existing:
            continue
        link = url_for("respond.code_link", public_id=assessment.public_id,
                       code=codes[recipient.id], language=recipient.language, _external=True)
        unsubscribe_link = unsubscribe.link_for(recipient.address)
        written = writer.write(language=recipient.language, name=recipient.name, link=link,
                               unsubscribe_link=unsubscribe_link)
        headers = {**unsubscribe.headers_for(recipient.address),
                   "Auto-Submitted": "auto-generated"}
        outgoing.append(Outgoing(
            to=recipient.address, subject=written.subject,
            text=re.sub(r"\n{3,}", "\n\n", written.text).strip() + "\n", html=written.html,
            key=key, kind=stored_kind, headers=headers, language=recipient.language,
            assessment_id=assessment.id, name=recipient.name,
        ))
    return outgoing


def _existing(prefix: str, recipients) -> set[str]:
    from ..models.mail import MailMessage

    keys = [f"{prefix}{recipient.id}" for recipient in recipients]
    return set(db.session().scalars(select(MailMessage.key).where(MailMessage.key.in_(keys))))


def _used_codes(assessment: Assessment, codes: list[str]) -> set[str]:
    """Which of these codes (plain) were used, as their hashes: only in "not answered" mode."""
    digests = [hash_code(code) for code in codes]
    return set(db.session().scalars(
        select(AccessCode.link_hash).where(
            AccessCode.assessment_id == assessment.id,
            AccessCode.link_hash.in_(digests),
            AccessCode.used.is_(True),
        )
    ))


# ---------------------------------------------------------------- every minute


def survey_day(assessment: Assessment, today: date) -> int | None:
    """Day 1 is the day the survey opened; None before it opens."""
    opened = assessment.opens_on or assessment.opened_on
    if opened is None or today < opened:
        return None
    return (today - opened).days + 1


def housekeeping(today: date | None = None) -> None:
    """Delete the lists of surveys that have ended; queue reminders due today."""
    from ..lifecycle import is_accepting, is_closed

    today = today or date.today()
    session = db.session()
    rows = session.execute(
        select(MailSettings, Assessment)
        .join(Assessment, Assessment.id == MailSettings.assessment_id)
        .where(MailSettings.list_deleted_on.is_(None))
    ).all()
    session.commit()
    for settings, assessment in rows:
        if is_closed(assessment, today):
            with db.writing():
                delete_list(session.get(Assessment, assessment.id), today)
            continue
        day = survey_day(assessment, today)
        round_key = f"day-{day}"
        if (assessment.status == OPEN and is_accepting(assessment, today) and day
                and day in (settings.reminder_days or [])
                and round_key not in (settings.rounds_done or [])
                and INVITATION_ROUND in (settings.rounds_done or [])):
            run(REMIND, assessment.id, round_key)
