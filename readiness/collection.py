"""Submissions kept sealed while a survey is open, then mixed into responses at close.

A submit writes one sealed row (`seal`) in the same transaction that spends its code, so the
answer is kept the moment it is acknowledged and a code is spent exactly once. Nothing of what
was answered is readable in the database while the survey is open.

At close (`mix`), in one transaction, every sealed row is opened and every response and comment
already stored for the assessment is read; all are deleted and written again in a fresh random
order with fresh random ids. The whole set then shares one commit (one WAL transaction on
SQLite, one ``xmin`` on PostgreSQL), and the order of rows in the file follows nothing but
chance; comments are written apart from their writer's answers. Stored responses carry the
mixing day, not the day they were sent: daily counts are kept on the assessment instead.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select, text

from . import db
from .models import Assessment, Comment, Response, SealedSubmission
from .models.base import random_id
from .sealing import keyed_hash, seal, unseal

_DRAFT_PURPOSE = "draft"
#: The insert that can skip a row whose draft was stored before, per engine.


@dataclass(frozen=True)
class Collected:
    """What progress may know of everything collected so far: who is in which group, and
    how many answered each day; never an answer."""

    segments: list[dict]
    by_day: dict[date, int]

    @property
    def count(self) -> int:
        return len(self.segments)


def add(
    assessment_id: int,
    draft_token: str,
    *,
    answers: dict,
    segments: dict,
    comments: dict[str, str],
    language: str,
    today: date | None = None,
) -> bool:
    """Store one submission sealed, unless this draft was stored before (a Send the browser
    gave up on, pressed again): True if it was stored now. The caller's transaction commits.
    """
    payload = {
        "answers": answers,
        "segments": segments,
        "comments": comments,
        "language": language,
        "day": (today or date.today()).isoformat(),
    }
    connection = db.session().connection()
    insert = db.upsert_insert(connection.dialect.name, SealedSubmission.__table__)
    result = connection.execute(
        insert.values(
            id=random_id(),
            assessment_id=assessment_id,
            draft_key=keyed_hash(_DRAFT_PURPOSE, draft_token),
            payload=seal(payload),
        )
        .on_conflict_do_nothing(index_elements=["draft_key"])
        .returning(SealedSubmission.__table__.c.id)
    )
    return result.first() is not None  # a skipped row returns nothing


def _sealed(assessment: Assessment) -> list[dict]:
    blobs = db.session().scalars(
        select(SealedSubmission.payload).where(SealedSubmission.assessment_id == assessment.id)
    )
    return [unseal(blob) for blob in blobs]


def waiting(assessment: Assessment) -> int:
    """How many submissions are still sealed."""
    return db.session().scalar(
        select(func.count())
        .select_from(SealedSubmission)
        .where(SealedSubmission.assessment_id == assessment.id)
    )


def collected(assessment: Assessment) -> Collected:
    """Segments of every submission so far (sealed or mixed) and the count per day."""
    sealed = _sealed(assessment)
    stored = list(
        db.session().scalars(
            select(Response.segments).where(Response.assessment_id == assessment.id)
        )
    )
    by_day: Counter[date] = Counter(
        {date.fromisoformat(day): n for day, n in (assessment.responses_by_day or {}).items()}
    )
    by_day.update(date.fromisoformat(payload["day"]) for payload in sealed)
    if not assessment.responses_by_day:
        # Imported responses (and any stored before sealing existed) keep their own day.
        by_day.update(
            db.session().scalars(
                select(Response.submitted_on).where(Response.assessment_id == assessment.id)
            )
        )
    return Collected(
        [payload["segments"] or {} for payload in sealed] + [row or {} for row in stored],
        dict(sorted(by_day.items())),
    )


def mix(assessment: Assessment, today: date | None = None, rng: random.Random | None = None) -> int:
    """Open every sealed submission and write all responses and comments of ``assessment`` again
    in a random order; returns how many responses it now has. Runs in the caller's transaction.
    """
    today = today or date.today()
    rng = rng or random.SystemRandom()
    session = db.session()
    sealed = _sealed(assessment)
    if not sealed:
        return _count(assessment)
    responses = [
        {"answers": row.answers, "segments": row.segments, "language": row.language,
         "source": row.source, "submitted_on": row.submitted_on}
        for row in session.execute(
            select(Response.answers, Response.segments, Response.language, Response.source,
                   Response.submitted_on)
            .where(Response.assessment_id == assessment.id)
        )
    ]
    comments = [
        {"question_id": question_id, "text": comment_text}
        for question_id, comment_text in session.execute(
            select(Comment.question_id, Comment.text).where(Comment.assessment_id == assessment.id)
        )
    ]
    by_day = Counter(assessment.responses_by_day or {})
    for payload in sealed:
        by_day[payload["day"]] += 1
        responses.append({
            "answers": payload["answers"], "segments": payload["segments"],
            "language": payload["language"], "source": "web", "submitted_on": today,
        })
        comments.extend(
            {"question_id": question_id, "text": comment_text}
            for question_id, comment_text in payload["comments"].items()
        )
    if session.get_bind().dialect.name == "sqlite":
        # Deleted rows are overwritten with zeros, not left readable in free pages.
        session.execute(text("PRAGMA secure_delete=ON"))
    for model in (SealedSubmission, Comment, Response):
        session.execute(delete(model).where(model.assessment_id == assessment.id))
    rng.shuffle(responses)
    rng.shuffle(comments)
    connection = session.connection()
    for row in responses:
        row["assessment_id"] = assessment.id
        # Web answers take the mixing day; imported ones keep the day of their import.
        if row["source"] == "web":
            row["submitted_on"] = today
    if responses:
        connection.execute(Response.__table__.insert(), responses)
    if comments:
        connection.execute(
            Comment.__table__.insert(),
            [{"assessment_id": assessment.id, **comment} for comment in comments],
        )
    assessment.responses_by_day = dict(sorted(by_day.items()))
    session.flush()
    return len(responses)


def _count(assessment: Assessment) -> int:
    return db.session().scalar(
        select(func.count()).select_from(Response).where(Response.assessment_id == assessment.id)
    )


def checkpoint() -> None:
    """After a mix has committed, fold SQLite's WAL into the file and empty it, so that older
    page versions do not outlive the mix. Best effort: a reader holding a snapshot keeps it."""
    engine = db.engine()
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
