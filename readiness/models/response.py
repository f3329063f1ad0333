"""What respondents send: answers, and open comments kept apart from them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, random_id


class SealedSubmission(Base):
    """One survey as sent, encrypted with a key that is not in the database, until close.

    The submit writes only this row (and spends the code): answers, segments, comments and the
    day travel together inside ``payload``, so a reader of the database files, its WAL or a
    PostgreSQL superuser sees who sent something, never what. At close every sealed row is
    opened and mixed with the others into ``responses`` and ``comments`` in one shuffled
    transaction (`readiness.collection`).
    """

    __tablename__ = "sealed_submissions"
    __table_args__ = {"sqlite_with_rowid": False}

    #: random, so ids reveal nothing about the order of submission
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    #: the assessment answered
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    #: keyed hash of the respondent's draft: sending the same draft twice stores it once
    draft_key: Mapped[str] = mapped_column(String(64), unique=True)
    #: AES-GCM of the JSON submission, padded to a whole number of blocks
    payload: Mapped[bytes] = mapped_column(LargeBinary)


class Response(Base):
    """One respondent's answers, mixed with the others at close. No IP, no user agent, no time:
    the day is the day they were mixed, and ``responses_by_day`` of the assessment keeps the
    daily counts apart from them."""

    __tablename__ = "responses"
    # Without a rowid SQLite keeps rows in the order of their random ids, not of arrival,
    # so the file itself does not tell who answered last.
    __table_args__ = {"sqlite_with_rowid": False}

    #: random, so ids reveal nothing about the order of submission
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    #: the assessment answered
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    #: the day it was stored: the closing day for answers sent online, the import day else
    submitted_on: Mapped[date]
    #: language the respondent chose
    language: Mapped[str] = mapped_column(String(8))
    #: segment answers {segment_id: option_id}; absent or None means not given
    segments: Mapped[dict]
    #: item answers {item_id: 1..points, 0 for don't know}; absent means skipped
    answers: Mapped[dict]
    #: ``web`` or ``import``
    source: Mapped[str] = mapped_column(String(10), default="web")


class Comment(Base):
    """An open answer, stored without any link to its response or segments."""

    __tablename__ = "comments"
    __table_args__ = {"sqlite_with_rowid": False}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    #: the assessment it belongs to
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    #: the open question answered
    question_id: Mapped[str] = mapped_column(String(40))
    #: the text, at most 2,000 characters
    text: Mapped[str] = mapped_column(Text)
