"""A survey's recipient list: uploaded as CSV all or nothing, one personal code per address,
deleted when the survey closes or earlier on request.

Each address gets a code of the existing kind (`readiness.codes`: only its hashes are stored
in ``access_codes``). The list keeps that code sealed, to send the same link in reminders; no
response, export or log ever sees an address or a code, and once the list is deleted nothing
links any code to anyone.
"""

from __future__ import annotations

import csv
import io
import re
import time
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from .. import db
from ..audit import record
from ..codes import MAX_PER_BATCH, CodeError, generate_codes
from ..models import Assessment
from ..models.assessment import CLOSED
from ..models.mail import (
    EVERYONE,
    FAILED,
    NOT_ANSWERED,
    SENT,
    UNSUBSCRIBED,
    MailMessage,
    MailRecipient,
    MailSettings,
)
from . import sealed
from .outbox import UNANSWERED_REMINDER

#: More than enough for any organisation this product is for, and bounded.
MAX_LINES = 100_000
#: Errors listed by line number before the rest are only counted.
ERRORS_SHOWN = 20
HEADER_NAMES = {"email", "e-mail", "mail", "address", "email address", "e-mail address"}
#: A practical address check: one @, no spaces or controls, a dot in the domain, RFC lengths.
_ADDRESS = re.compile(
    r"[^@\s\"(),:;<>\[\\\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z0-9-]{2,63}"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RecipientError(ValueError):
    """The list cannot be taken as it is; ``problems`` says why, line by line."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Parsed:
    """An uploaded list, checked: who is on it, and what was merged."""

    #: address → (name, language)
    recipients: dict[str, tuple[str, str]] = field(default_factory=dict)
    duplicates: int = 0


@dataclass(frozen=True)
class Upload:
    added: int
    duplicates: int
    already_listed: int


def settings_for(assessment: Assessment) -> MailSettings:
    """The survey's mail settings, made with the defaults on first use (the caller commits)."""
    session = db.session()
    settings = session.get(MailSettings, assessment.id)
    if settings is None:
        settings = MailSettings(assessment_id=assessment.id, subject="", intro="",
                                reminder_days=[], reminders_sent=0, rounds_done=[])
        session.add(settings)
        session.flush()
    return settings


def settings_or_default(assessment: Assessment) -> MailSettings:
    """The survey's mail settings, or the defaults (not stored) when it has none yet."""
    return db.session().get(MailSettings, assessment.id) or MailSettings(
        assessment_id=assessment.id, subject="", intro="", reminder_mode=EVERYONE,
        reminder_days=[], reminders_sent=0, rounds_done=[])


#: notice_for's answers in this worker: {assessment id: (until, notice)}, kept as long as the
#: survey's row is (SURVEY_ROW_CACHE_MS), and forgotten at once when this worker changes them.
#: Two queries on every landing view were about a tenth of a survey's server time.
_notices: dict[int, tuple[float, str | None]] = {}


def forget_notice(assessment_id: int) -> None:
    """Forget what the first page says about mail (after the list or its mode changed)."""
    _notices.pop(assessment_id, None)


def notice_for(assessment) -> str | None:
    """What the survey's first page must say about mail: None (no list), "list" (an address
    list exists and is deleted at close) or "tracked" (reminders only to those who have not
    answered: whether each link was used is kept until then)."""
    if getattr(assessment, "id", None) is None:
        return None
    now = time.monotonic()
    kept = _notices.get(assessment.id)
    if kept is not None and kept[0] > now:
        return kept[1]
    notice = _notice(assessment)
    lifetime = int(current_app.config.get("SURVEY_ROW_CACHE_MS") or 0) / 1000
    if lifetime > 0:
        if len(_notices) > 1000:
            _notices.clear()
        _notices[assessment.id] = (now + lifetime, notice)
    return notice


def _notice(assessment) -> str | None:
    session = db.session()
    listed = session.scalar(
        select(MailRecipient.id).where(MailRecipient.assessment_id == assessment.id).limit(1)
    )
    if listed is None:
        return None
    settings = session.get(MailSettings, assessment.id)
    return "tracked" if settings is not None and settings.reminder_mode == NOT_ANSWERED else "list"


def parse(data: bytes, languages: tuple[str, ...]) -> Parsed:
    """Read a CSV of addresses (optional columns: language, name); RecipientError listing every
    bad line (up to `ERRORS_SHOWN`) if any line is wrong, so nothing half-uploads."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecipientError(_("The file is not UTF-8 text. Save it as CSV (UTF-8) and try "
                               "again.")) from error
    rows = csv.reader(io.StringIO(text, newline=""))
    parsed = Parsed()
    problems: list[str] = []
    problem_count = 0
    columns = {"email": 0, "language": 1, "name": 2}
    for line_number, row in enumerate(rows, start=1):
        if line_number > MAX_LINES + 1:
            raise RecipientError(_("The list has more than %(n)s lines. Split it into smaller "
                                   "lists.", n=format_number(MAX_LINES)))
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if line_number == 1 and cells[0].lower() in HEADER_NAMES:
            columns = _columns(cells)
            continue
        problem = _read_row(cells, columns, languages, parsed)
        if problem:
            problem_count += 1
            if len(problems) < ERRORS_SHOWN:
                problems.append(_("Line %(line)s: %(problem)s", line=format_number(line_number),
                                  problem=problem))
    if problem_count:
        more = problem_count - len(problems)
        if more:
            problems.append(_("… and %(n)s more lines with problems.", n=format_number(more)))
        raise RecipientError(_("Nothing was added: correct these lines and upload the list "
                               "again."), problems)
    if not parsed.recipients:
        raise RecipientError(_("The file has no addresses in it."))
    return parsed


def _columns(header: list[str]) -> dict[str, int]:
    names = [cell.lower() for cell in header]
    columns = {"email": 0}
    for wanted, aliases in (("language", ("language", "lang", "sprache", "langue")),
                            ("name", ("name", "display name", "full name", "nom"))):
        for position, name in enumerate(names):
            if name in aliases:
                columns[wanted] = position
    return columns


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    position = columns.get(name)
    return cells[position] if position is not None and position < len(cells) else ""


def _read_row(cells, columns, languages, parsed: Parsed) -> str | None:
    address = _cell(cells, columns, "email").lower()
    if not address:
        return _("the e-mail address is missing.")
    if len(address) > 254 or not _ADDRESS.fullmatch(address):
        return _("“%(address)s” is not an e-mail address.", address=address[:80])
    language = _cell(cells, columns, "language").lower() or languages[0]
    if language not in languages:
        return _("the language “%(language)s” is not one this survey offers (%(offered)s).",
                 language=language[:20], offered=", ".join(languages))
    name = " ".join(_CONTROL.sub(" ", _cell(cells, columns, "name")).split())[:200]
    if address in parsed.recipients:
        parsed.duplicates += 1
        return None
    parsed.recipients[address] = (name, language)
    return None


def add(assessment: Assessment, data: bytes) -> Upload:
    """Check the whole file, then add every new address with its own code; addresses already on
    the list keep theirs. RecipientError, changing nothing, if anything is wrong."""
    forget_notice(assessment.id)
    settings = settings_for(assessment)
    if settings.list_deleted_on is not None:
        raise RecipientError(_("This survey's address list was deleted; a new list cannot be "
                               "added."))
    if assessment.status == CLOSED:
        # Nobody can answer any more, and the list would only be personal data kept for nothing.
        raise RecipientError(_("The survey is closed, so there is no one left to invite."))
    languages = tuple(assessment.languages or ["en"])
    parsed = parse(data, languages)
    session = db.session()
    listed = set(session.scalars(
        select(MailRecipient.address).where(MailRecipient.assessment_id == assessment.id)
    ))
    new = [(address, *details) for address, details in parsed.recipients.items()
           if address not in listed]
    rows = []
    try:
        for start in range(0, len(new), MAX_PER_BATCH):
            chunk = new[start : start + MAX_PER_BATCH]
            codes = generate_codes(assessment, len(chunk))
            rows.extend(
                {"assessment_id": assessment.id, "address": address, "name": name,
                 "language": language, "sealed_code": sealed.seal_text(long_code)}
                for (address, name, language), (long_code, _short) in zip(chunk, codes,
                                                                           strict=True)
            )
    except CodeError as error:
        raise RecipientError(str(error)) from error
    if rows:
        session.execute(MailRecipient.__table__.insert(), rows)
    record("mail.list_upload", assessment.id, added=len(rows), duplicates=parsed.duplicates)
    return Upload(added=len(rows), duplicates=parsed.duplicates,
                  already_listed=len(parsed.recipients) - len(new))


def list_size(assessment: Assessment) -> int:
    return db.session().scalar(
        select(func.count()).select_from(MailRecipient)
        .where(MailRecipient.assessment_id == assessment.id)
    ) or 0


def delete_list(assessment: Assessment, today: date | None = None) -> bool:
    """Delete the survey's addresses, the link from each to its code, and the messages sent to
    them, keeping only the counts; whether there was a list. The caller commits."""
    session = db.session()
    settings = session.get(MailSettings, assessment.id)
    forget_notice(assessment.id)
    if settings is None or settings.list_deleted_on is not None:
        return False
    counts = dict(session.execute(
        select(MailMessage.state, func.count())
        .where(MailMessage.assessment_id == assessment.id,
               MailMessage.kind != UNANSWERED_REMINDER)
        .group_by(MailMessage.state)
    ).all())
    settings.final_counts = {state: int(counts.get(state, 0)) for state in
                             (SENT, FAILED, UNSUBSCRIBED)}
    _forget_for_good(session)
    session.execute(delete(MailMessage).where(MailMessage.assessment_id == assessment.id))
    session.execute(delete(MailRecipient).where(MailRecipient.assessment_id == assessment.id))
    settings.list_deleted_on = today or date.today()
    record("mail.list_deleted", assessment.id)
    current_app.logger.info("mail list of assessment %s deleted", assessment.id)
    return True


def _forget_for_good(session) -> None:
    """On SQLite, deleted rows are overwritten with zeros (not left readable in free pages),
    and once the deletion commits the WAL, which still holds the earlier page versions with
    every address, is folded into the file and emptied (`collection.checkpoint`)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    from sqlalchemy import event, text

    from ..collection import checkpoint

    session.execute(text("PRAGMA secure_delete=ON"))
    event.listen(session, "after_commit", lambda _session: checkpoint(), once=True)


def delete_list_at_close(assessment: Assessment) -> None:
    """Called when a survey closes: its address list goes (see `delete_list`)."""
    delete_list(assessment)
