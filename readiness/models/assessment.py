"""An assessment: one survey of one organisation at one time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from scoring.thresholds import DEFAULT_COMMENT_K, DEFAULT_K

from .base import Base, random_id

DRAFT, OPEN, CLOSED = "draft", "open", "closed"
ONLINE, IMPORTED = "online", "import"
STATUSES = (DRAFT, OPEN, CLOSED)
LINK, CODES, BOTH = "link", "codes", "both"
DISTRIBUTIONS = (LINK, CODES, BOTH)


class Assessment(Base):
    __tablename__ = "assessments"

    #: internal key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: unguessable id used in the respondents' link
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=random_id)
    #: what the comms lead calls it
    title: Mapped[str] = mapped_column(String(200))
    #: the organisation being assessed, shown to respondents
    organisation: Mapped[str] = mapped_column(String(200))
    #: private, public_sector, charity, healthcare, education, …
    sector: Mapped[str] = mapped_column(String(40), default="private")
    #: people invited; drives response rate and the finite-population correction
    headcount: Mapped[int | None]
    #: languages offered to respondents, the first one being the default
    languages: Mapped[list] = mapped_column(default=lambda: ["en"])
    #: instrument id and version, for display and for matching waves
    instrument_id: Mapped[str] = mapped_column(String(80))
    instrument_version: Mapped[str] = mapped_column(String(20))
    #: the instrument file itself, so the assessment keeps its questions when files change
    instrument_source: Mapped[str] = mapped_column(Text)
    #: sector module adding items, if any
    module: Mapped[str | None] = mapped_column(String(40))
    #: the organisation's own segment questions (list of dicts); None keeps the instrument's
    segments: Mapped[list | None]
    #: optional headcount per segment option: {segment_id: {option_id: count}}
    segment_headcounts: Mapped[dict | None]
    #: minimum reporting group
    k: Mapped[int] = mapped_column(default=DEFAULT_K)
    #: minimum number of comments before any is shown
    comment_k: Mapped[int] = mapped_column(default=DEFAULT_COMMENT_K)
    #: scheduled opening and closing days
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    #: draft → open → closed
    status: Mapped[str] = mapped_column(String(10), default=DRAFT)
    #: open link, single-use codes, or both
    distribution: Mapped[str] = mapped_column(String(10), default=LINK)
    #: earlier wave this one is compared with
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL")
    )
    #: staff-side timestamps (never respondent data)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    opened_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    #: where its answers come from, fixed by the first open (online) or import (import):
    #: never both, so nobody can pad a group with rows they know
    collection: Mapped[str | None] = mapped_column(String(10))
    #: the day its results first left the product; from then on its responses never change
    released_on: Mapped[date | None]
    #: submissions per day {"YYYY-MM-DD": n}, counted as they are mixed at close: the stored
    #: responses themselves carry no day of their own
    responses_by_day: Mapped[dict | None]
    #: days after closing when its responses are deleted for good; None keeps them
    retention_days: Mapped[int | None]
    #: the day its responses were deleted under ``retention_days`` (the assessment stays)
    purged_on: Mapped[date | None]

    @property
    def released(self) -> bool:
        return self.released_on is not None

    @property
    def default_language(self) -> str:
        return (self.languages or ["en"])[0]
