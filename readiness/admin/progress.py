"""Live progress: how many answered, against headcount, by segment (suppressed) and by day.

Counts come from every submission so far, sealed or mixed (`collection.collected`): who is in
which group and how many answered each day, never an answer. Segment counts go through the
anonymity policy (`scoring.anonymity.progress_cells`): nothing by group before k people
answered, then the same primary and secondary suppression as the results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_percent

from scoring.thresholds import result_released
from surveys.model import PREFER_NOT_TO_SAY, pick

from .. import collection
from ..assessments import instrument_of
from ..i18n import format_day
from ..models import Assessment


@dataclass(frozen=True)
class GroupCount:
    option: str
    label: str
    n: int | None  #: None when hidden
    reason: str | None  #: None, "primary" or "secondary"
    headcount: int | None = None  #: people in the group, as the comms lead entered it

    @property
    def rate_text(self) -> str | None:
        """Responses against the group's headcount, only where the count itself is shown."""
        if self.n is None or not self.headcount:
            return None
        return format_percent(self.n / self.headcount)


@dataclass(frozen=True)
class SegmentCounts:
    id: str
    text: str
    groups: tuple[GroupCount, ...]
    hidden_all: bool  #: fewer than k responses in total: nothing by segment yet


@dataclass(frozen=True)
class DayCount:
    day: date
    n: int
    total: int = 0  #: responses up to and including this day

    @property
    def label(self) -> str:
        """The day as the reader writes dates."""
        return format_day(self.day, "medium")


@dataclass
class Summary:
    responses: int
    headcount: int | None
    k: int
    segments: list[SegmentCounts] = field(default_factory=list)
    days: list[DayCount] = field(default_factory=list)

    @property
    def busiest(self) -> int:
        """The most responses on one day: the full length of the daily bars."""
        return max((d.n for d in self.days), default=0)

    @property
    def rate(self) -> float | None:
        return self.responses / self.headcount if self.headcount else None

    @property
    def rate_text(self) -> str | None:
        """The response rate as the reader writes percentages ("18 %" in French)."""
        return format_percent(self.rate) if self.rate is not None else None


def summary(assessment: Assessment, language: str = "en") -> Summary:
    import numpy as np  # with the anonymity rules, when the console first shows progress

    from scoring.anonymity import progress_cells

    instrument = instrument_of(assessment)
    found = collection.collected(assessment)
    result = Summary(
        found.count,
        assessment.headcount,
        assessment.k,
        days=_days(found.by_day),
    )
    headcounts = assessment.segment_headcounts or {}
    too_few = not result_released(found.count, assessment.k)
    for question in instrument.segments:
        options = [o for o in question.options if o.id != PREFER_NOT_TO_SAY]
        values = np.array(
            [(row or {}).get(question.id) or "" for row in found.segments], dtype=object
        )
        cells = progress_cells(values.astype(str), [o.id for o in options], assessment.k)
        groups = tuple(
            GroupCount(
                o.id,
                pick(o.labels, language),
                None if cells[o.id].suppressed else cells[o.id].n,
                cells[o.id].reason,
                headcounts.get(question.id, {}).get(o.id),
            )
            for o in options
        )
        result.segments.append(
            SegmentCounts(question.id, pick(question.text, language), groups, too_few)
        )
    return result


def _days(by_day) -> list[DayCount]:
    """Responses per day in order, with the running total (the curve)."""
    days, total = [], 0
    for day, n in sorted(by_day.items()):
        total += n
        days.append(DayCount(day, n, total))
    return days


def as_json(found: Summary) -> dict:
    return {
        "responses": found.responses,
        "headcount": found.headcount,
        "rate": round(found.rate, 4) if found.rate is not None else None,
        "k": found.k,
        "segments": [
            {
                "id": s.id,
                "groups": [
                    {"option": g.option, "n": g.n, "hidden": g.n is None, "rate_text": g.rate_text}
                    for g in s.groups
                ],
            }
            for s in found.segments
        ],
        # Labels as the page writes them, so the refreshing script shows what a reload would.
        "days": [
            {"day": d.day.isoformat(), "label": d.label, "n": d.n, "total": d.total}
            for d in found.days
        ],
        "busiest": found.busiest,
        "rate_text": found.rate_text,
    }
