"""The rules of an assessment's life, in one place; the console, the survey, imports and
releases all ask here.

A draft is opened (from then on what respondents are asked is frozen: instrument, sector
module, segment questions, languages), answered while open and within its scheduled days, and
closed, which mixes the sealed submissions into the responses. A draft may instead take
imported answers: it is then closed and imported, and never also collects online. Results leave
only once it is closed or past its closing day (`releases`); the first release that shows
anything freezes its responses for good: no reopening, no change of dates or thresholds, no
import. Before that release a closed survey may be opened again. Once anyone has answered, the
anonymity thresholds only go up. A draft nobody has answered, or a closed assessment with all its
responses, may be deleted; an open one never. A closed assessment's responses are deleted for
good once its retention period (days after closing) has passed.

Each rule raises `AssessmentError` (or says why, for imports) in plain words. Services add and
flush; the request or command that called them commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete as sa_delete
from sqlalchemy import select

from . import collection, db
from .assessments import AssessmentError, response_count
from .audit import record
from .i18n import format_day
from .mail import recipients as mail_recipients
from .models import Assessment, Comment, Response, SealedSubmission
from .models.assessment import CLOSED, DRAFT, IMPORTED, ONLINE, OPEN

#: What cannot change once an assessment has opened: what respondents are asked.
FROZEN = ("instrument", "module", "segments", "languages")
#: What may still change once results were released: nothing that decides who is counted or
#: what is shown of them.
CHANGEABLE_AFTER_RELEASE = ("title", "organisation", "headcount", "retention_days")

#: Why a respondent cannot answer now (`why_not_accepting`).
ENDED, NOT_YET = "ended", "not_yet"


# ---------------------------------------------------------------- opening and closing


def open_(assessment: Assessment, today: date | None = None) -> None:
    """Start (or, before any release, resume) collecting answers online; the instrument is
    frozen from now on. AssessmentError once results were released or answers imported."""
    if assessment.status == OPEN:
        return
    reason = why_not_openable(assessment)
    if reason:
        raise AssessmentError(reason)
    reopening = assessment.status == CLOSED
    assessment.status = OPEN
    assessment.collection = ONLINE
    assessment.opened_on = today or date.today()
    record("assessment.reopen" if reopening else "assessment.open", assessment.id)


def why_not_openable(assessment: Assessment) -> str | None:
    """None when ``assessment`` may (again) collect answers online, else why not."""
    if assessment.released:
        return _("Results of this survey have been shared, so it cannot take more answers: "
                 "comparing the results before and after would show the new answers. Start a "
                 "new wave instead.")
    if assessment.collection == IMPORTED:
        return _("This assessment holds imported answers, so it cannot also collect answers "
                 "online: whoever imported rows could subtract them and see the others. Create "
                 "a separate assessment for the online survey.")
    return None


def close(assessment: Assessment, today: date | None = None) -> None:
    """Stop collecting answers, and mix every sealed submission into the responses."""
    if assessment.status == CLOSED:
        return
    assessment.status = CLOSED
    assessment.closed_on = today or date.today()
    collection.mix(assessment, date.today())
    mail_recipients.delete_list_at_close(assessment)  # the address list goes at close
    record("assessment.close", assessment.id)


def open_assessment(assessment: Assessment, today: date | None = None) -> None:
    """The comms lead's Open: now, or on the scheduled opening day; refuses when the closing
    day has passed, and (`open_`) once results were shared or answers imported."""
    today = today or date.today()
    if assessment.closes_on and assessment.closes_on < today:
        raise AssessmentError(
            _("The closing date has passed. Change the closing date first, then open it again.")
        )
    open_(assessment, today)


def close_assessment(assessment: Assessment, today: date | None = None) -> None:
    """The comms lead's Close: only an open assessment can be closed."""
    if assessment.status != OPEN:
        raise AssessmentError(_("Only an open assessment can be closed."))
    close(assessment, today)


def reopening_needs_confirmation(assessment: Assessment) -> bool:
    """Whether pressing Open means opening again a survey that people have answered."""
    return assessment.status == CLOSED and not assessment.released


# ---------------------------------------------------------------- where it stands


def is_accepting(assessment, today: date | None = None) -> bool:
    """Whether a respondent may answer now: open, and within its scheduled days."""
    today = today or date.today()
    if assessment.status != OPEN:
        return False
    if assessment.opens_on and today < assessment.opens_on:
        return False
    return not (assessment.closes_on and today > assessment.closes_on)


def why_not_accepting(assessment, today: date | None = None) -> str | None:
    """None while respondents may answer; else ENDED (closed, or past its closing day) or
    NOT_YET (a draft, or open but before its opening day)."""
    today = today or date.today()
    if is_accepting(assessment, today):
        return None
    if assessment.status == CLOSED or (assessment.closes_on and today > assessment.closes_on):
        return ENDED
    return NOT_YET


def scheduled_opening(assessment) -> date | None:
    """The day an assessment not yet accepting answers will open, if one is set (never for a
    draft, whose dates are still plans)."""
    return assessment.opens_on if assessment.status != DRAFT else None


def is_closed(assessment: Assessment, today: date | None = None) -> bool:
    """Whether collecting has ended: closed, or still "open" but past its closing day.

    A survey scheduled to open later is not closed: nobody has answered it yet, and its
    results would start moving the day it opens.
    """
    if assessment.status == CLOSED:
        return True
    today = today or date.today()
    return (
        assessment.status == OPEN
        and assessment.closes_on is not None
        and today > assessment.closes_on
    )


@dataclass(frozen=True)
class State:
    key: str  #: draft, released, closed, scheduled, ended, open
    label: str
    accepting: bool


def days_of(assessment: Assessment) -> tuple[date | None, date | None]:
    """The days it opens and closes: planned while they are ahead, as they happened once
    they have (a survey closed early closed on that day, not the planned one)."""
    opened = assessment.opens_on or assessment.opened_on
    closed = assessment.closes_on
    if assessment.status == CLOSED and assessment.closed_on:
        closed = min(closed or assessment.closed_on, assessment.closed_on)
    return opened, closed


def state_of(assessment: Assessment, today: date | None = None) -> State:
    """Where an assessment stands today, in words a comms lead uses."""
    today = today or date.today()
    if assessment.status == DRAFT:
        return State("draft", _("Draft"), False)
    if assessment.status == CLOSED and assessment.purged_on:
        day = format_day(assessment.purged_on, "long")
        return State("closed", _("Closed, answers deleted on %(day)s", day=day), False)
    if assessment.status == CLOSED and assessment.released_on:
        day = format_day(assessment.released_on, "long")
        return State("released", _("Closed, results shared on %(day)s", day=day), False)
    if assessment.status == CLOSED and assessment.collection == IMPORTED and assessment.closed_on:
        day = format_day(assessment.closed_on, "long")
        return State("closed", _("Answers imported on %(day)s", day=day), False)
    if assessment.status == CLOSED:
        if assessment.closed_on:
            day = format_day(assessment.closed_on, "long")
            return State("closed", _("Closed on %(day)s", day=day), False)
        return State("closed", _("Closed"), False)
    if assessment.opens_on and today < assessment.opens_on:
        day = format_day(assessment.opens_on, "long")
        return State("scheduled", _("Opens on %(day)s", day=day), False)
    if assessment.closes_on and today > assessment.closes_on:
        day = format_day(assessment.closes_on, "long")
        return State("ended", _("Ended on %(day)s", day=day), False)
    if assessment.opened_on:
        day = format_day(assessment.opened_on, "long")
        return State("open", _("Open since %(day)s", day=day), is_accepting(assessment, today))
    return State("open", _("Open"), is_accepting(assessment, today))


# ---------------------------------------------------------------- what may still change


def ensure_changeable(assessment: Assessment) -> None:
    """AssessmentError once results were released: its responses may never change again."""
    if assessment.released:
        raise AssessmentError(
            _("Results of this survey have been shared, so its answers can no longer change: "
              "that would let anyone compare the two versions and pick out who answered in "
              "between. Start a new wave to ask again.")
        )


def ensure_not_frozen(frozen_changes: list[str]) -> None:
    """AssessmentError when an opened assessment is asked to change any of `FROZEN`."""
    if frozen_changes:
        raise AssessmentError(
            _("The survey is open, so its questions, languages and segments can no longer "
              "change (asked to change: %(fields)s).", fields=", ".join(frozen_changes))
        )


def ensure_thresholds_only_rise(assessment: Assessment, k: int, comment_k: int) -> None:
    """AssessmentError when, once anyone has answered, k or the comment threshold would fall:
    results once hidden must never be revealed by lowering them."""
    if response_count(assessment) == 0:
        return
    if k < assessment.k:
        raise AssessmentError(
            _("Responses have arrived, so the anonymity threshold can only go up "
              "(it is %(k)s).", k=assessment.k),
            "k",
        )
    if comment_k < assessment.comment_k:
        raise AssessmentError(
            _("Responses have arrived, so the comment threshold can only go up "
              "(it is %(k)s).", k=assessment.comment_k),
            "comment_k",
        )


def ensure_changeable_after_release(
    assessment: Assessment, values: dict, instrument_changed: bool
) -> None:
    """AssessmentError when a released assessment would change anything beyond
    `CHANGEABLE_AFTER_RELEASE` (``values``: the columns asked for)."""
    if not assessment.released:
        return
    locked = [
        name for name, value in values.items()
        if name not in CHANGEABLE_AFTER_RELEASE and getattr(assessment, name) != value
    ]
    if locked or instrument_changed:
        ensure_changeable(assessment)


def why_not_deletable(assessment: Assessment) -> str | None:
    """None when ``assessment`` may be deleted: a draft nobody answered, or a closed one
    (with all its responses); else why not, in plain words."""
    if assessment.status == OPEN:
        return _("The survey is open. Close it first: people may be answering right now.")
    if assessment.status == DRAFT and response_count(assessment):
        return _("Only a draft without responses can be deleted.")
    return None


def ensure_deletable(assessment: Assessment) -> None:
    """AssessmentError unless `why_not_deletable` allows it."""
    reason = why_not_deletable(assessment)
    if reason:
        raise AssessmentError(reason)


def delete(assessment: Assessment) -> None:
    """Delete the assessment with everything of it: responses, comments, sealed submissions,
    codes, report links and leadership access (the database cascades). The audit log keeps a
    line naming it; a later wave keeps its own answers and loses only the trend."""
    ensure_deletable(assessment)
    record(
        "assessment.delete", None,
        title=assessment.title, id=assessment.id, status=assessment.status,
    )
    db.session().delete(assessment)
    db.session().flush()


# ---------------------------------------------------------------- keeping responses


def purge_due(assessment: Assessment, today: date | None = None) -> date | None:
    """The day the responses of a closed assessment are due to be deleted under its retention
    period; None when they are kept (no period, not closed, or already deleted)."""
    if assessment.retention_days is None or assessment.purged_on is not None:
        return None
    if assessment.status != CLOSED or assessment.closed_on is None:
        return None
    return assessment.closed_on + timedelta(days=assessment.retention_days)


def purge_responses(assessment: Assessment, today: date | None = None) -> None:
    """Delete every response, comment and sealed submission of ``assessment`` for good; the
    assessment, its settings and its audit lines stay, and its pages say when this happened."""
    today = today or date.today()
    session = db.session()
    for model in (Response, Comment, SealedSubmission):
        session.execute(sa_delete(model).where(model.assessment_id == assessment.id))
    assessment.responses_by_day = None
    assessment.purged_on = today
    record("responses.purge", assessment.id, days=assessment.retention_days)


def purge_expired(today: date | None = None) -> list[int]:
    """Delete the responses of every assessment past its retention period; their ids."""
    today = today or date.today()
    due = db.session().scalars(
        select(Assessment)
        .where(Assessment.status == CLOSED)
        .where(Assessment.retention_days.is_not(None))
        .where(Assessment.purged_on.is_(None))
    )
    purged = []
    for assessment in due:
        day = purge_due(assessment, today)
        if day is not None and day <= today:
            purge_responses(assessment, today)
            purged.append(assessment.id)
    return purged


# ---------------------------------------------------------------- imported answers


def why_not_importable(assessment: Assessment) -> str | None:
    """None when ``assessment`` may take imported answers, else why not in plain words.

    An assessment takes imported answers or collects answers online, never both: whoever
    imports rows knows them, and could subtract them from a group to see the one real person
    left in it. More imports are taken until its results are first released.
    """
    if assessment.released:
        return _("Results of this assessment have been shared, so its answers can no longer "
                 "change. Import into a new wave instead.")
    if assessment.collection == ONLINE or assessment.status == OPEN:
        return _("This survey collects answers online, so it cannot also take imported ones: "
                 "whoever imports rows knows them and could subtract them to see the others. "
                 "Create a separate assessment (for example a new wave) for the imported "
                 "answers.")
    return None


def mark_imported(assessment: Assessment, today: date) -> None:
    """Importing into a draft fixes its questions and closes it (it never collects online)."""
    if assessment.status == DRAFT:
        assessment.status = CLOSED
        assessment.opened_on = assessment.closed_on = today
    assessment.collection = IMPORTED
