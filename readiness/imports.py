"""Responses collected elsewhere (paper, another tool), read from CSV and stored all or nothing.

The file has a header row naming its columns: item ids and segment question ids, in any order,
each at most once (the format ``exports.responses_csv`` writes). Item cells hold 1..points,
``dk`` or ``0`` for "don't know", or nothing; segment cells hold an option id or nothing.
Every problem is reported with its line number, and a file with any problem stores nothing.
Imported responses are stored exactly like answers sent through the survey, with
``source="import"`` and the day of the import as their day.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from surveys.model import DONT_KNOW

from . import db
from .assessments import instrument_of
from .audit import record
from .exports import DONT_KNOW_CELL
from .models import Assessment, Response
from .models.assessment import DRAFT

MAX_ROWS = 100_000
MAX_REPORTED = 50


class ImportRejected(ValueError):
    """Nothing was stored; ``problems`` say what is wrong and where."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems[:3]))


@dataclass
class ParsedRow:
    answers: dict[str, int] = field(default_factory=dict)
    segments: dict[str, str] = field(default_factory=dict)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(["The file is not UTF-8 text. Save it as “CSV UTF-8”."]) from error


def parse(assessment: Assessment, raw: bytes, max_bytes: int) -> list[ParsedRow]:
    """Read and check every row; ImportRejected lists the problems (the first 50)."""
    if len(raw) > max_bytes:
        raise ImportRejected([f"The file is larger than {max_bytes // (1024 * 1024)} MB."])
    instrument = instrument_of(assessment)
    points = instrument.scale.points
    items = {item.id for item in instrument.items_for(assessment.module)}
    segments = {
        q.id: {o.id for o in q.options} for q in instrument.segments
    }
    reader = csv.reader(io.StringIO(_decode(raw), newline=""))
    header = next(reader, None)
    if not header:
        raise ImportRejected(["The file is empty."])
    header = [name.strip() for name in header]
    problems: list[str] = []
    seen: set[str] = set()
    for name in header:
        if name not in items and name not in segments:
            problems.append(f"Line 1: “{name}” is not a question of this assessment.")
        elif name in seen:
            problems.append(f"Line 1: “{name}” appears twice.")
        seen.add(name)
    if not seen & items:
        problems.append("Line 1: the header names none of the assessment's statements.")
    if problems:
        raise ImportRejected(problems)

    rows: list[ParsedRow] = []
    for line_no, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                f"Line {line_no}: {len(cells)} cells, but the header has {len(header)}."
            )
            continue
        row = ParsedRow()
        for name, cell in zip(header, cells, strict=True):
            value = cell.strip()
            if not value:
                continue
            if name in items:
                if value.lower() in (DONT_KNOW_CELL, "0"):
                    row.answers[name] = DONT_KNOW
                elif value.isdigit() and 1 <= int(value) <= points:
                    row.answers[name] = int(value)
                else:
                    problems.append(
                        f"Line {line_no}, {name}: “{value[:20]}” is not 1–{points}, dk or blank."
                    )
            elif value in segments[name]:  # "prefer_not_to_say" is kept, as the survey does
                row.segments[name] = value
            else:
                problems.append(
                    f"Line {line_no}, {name}: “{value[:40]}” is not one of its options."
                )
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportRejected([f"The file has more than {MAX_ROWS:,} rows."])
    if problems:
        extra = len(problems) - MAX_REPORTED
        shown = problems[:MAX_REPORTED]
        if extra > 0:
            shown.append(f"… and {extra} more problems.")
        raise ImportRejected(shown)
    if not rows:
        raise ImportRejected(["The file has a header but no responses."])
    return rows


def store(assessment: Assessment, rows: list[ParsedRow], today: date | None = None) -> int:
    """Add the rows as responses of ``assessment``; the caller commits."""
    if assessment.status == DRAFT:
        raise ImportRejected(["Open the assessment before importing: it fixes the questions."])
    today = today or date.today()
    session = db.session()
    for row in rows:
        session.add(
            Response(
                assessment_id=assessment.id,
                submitted_on=today,
                language=assessment.default_language,
                segments=row.segments,
                answers=row.answers,
                source="import",
            )
        )
    session.flush()
    record("responses.import", assessment.id, count=len(rows))
    return len(rows)


def import_csv(assessment: Assessment, raw: bytes, max_bytes: int) -> int:
    """Check and store a whole file, or nothing; returns the number of responses added."""
    if assessment.status == DRAFT:
        raise ImportRejected(["Open the assessment before importing: it fixes the questions."])
    return store(assessment, parse(assessment, raw, max_bytes))
