"""Live progress: how many answered, against headcount, by segment (suppressed) and by day.

Counts come from every submission so far, sealed or mixed (`collection.collected`): who is in
which group and how many answered each day, never an answer. Segment counts go through the
anonymity policy (`scoring.anonymity.progress_cells`): nothing by group before k people
answered, then the same primary and secondary suppression as the results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from flask_babel import format_date, format_percent

from scoring.anonymity import progress_cells, result_released
from surveys.model import PREFER_NOT_TO_SAY, pick

from .. import collection
from ..assessments import instrument_of
from ..models import Assessment


@dataclass(frozen=True)
class GroupCount:
    option: str
    label: str
    n: int | None  #: None when hidden
    reason: str | None  #: None, "primary" or "secondary"


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

    @property
    def label(self) -> str:
        """The day as the reader writes dates."""
        return format_date(self.day, "medium")


@dataclass
class Summary:
    responses: int
    headcount: int | None
    k: int
    segments: list[SegmentCounts] = field(default_factory=list)
    days: list[DayCount] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.responses / self.headcount if self.headcount else None

    @property
    def rate_text(self) -> str | None:
        """The response rate as the reader writes percentages ("18 %" in French)."""
        return format_percent(self.rate) if self.rate is not None else None


def summary(assessment: Assessment, language: str = "en") -> Summary:
    instrument = instrument_of(assessment)
    found = collection.collected(assessment)
    result = Summary(
        found.count,
        assessment.headcount,
        assessment.k,
        days=[DayCount(day, n) for day, n in found.by_day.items()],
    )
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
            )
            for o in options
        )
        result.segments.append(
            SegmentCounts(question.id, pick(question.text, language), groups, too_few)
        )
    return result


def as_json(found: Summary) -> dict:
    return {
        "responses": found.responses,
        "headcount": found.headcount,
        "rate": round(found.rate, 4) if found.rate is not None else None,
        "k": found.k,
        "segments": [
            {
                "id": s.id,
                "groups": [{"option": g.option, "n": g.n, "hidden": g.n is None} for g in s.groups],
            }
            for s in found.segments
        ],
        # Labels as the page writes them, so the refreshing script shows what a reload would.
        "days": [{"day": d.day.isoformat(), "label": d.label, "n": d.n} for d in found.days],
        "rate_text": found.rate_text,
    }
