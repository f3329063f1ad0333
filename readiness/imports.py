"""Responses collected elsewhere (paper, another tool), read from CSV and stored all or nothing.

The file has a header row naming its columns: item ids and segment question ids, in any order,
each at most once (the format ``exports.responses_csv`` writes). Item cells hold 1..points,
``dk`` or ``0`` for "don't know", or nothing; segment cells hold an option id or nothing.
Every problem is reported with its line number, and a file with any problem stores nothing.
Imported responses are stored exactly like answers sent through the survey, with
``source="import"`` and the day of the import as their day.

An assessment takes imported answers or collects answers online, never both: whoever imports
rows knows them, and could subtract them from a group to see the one real person left in it.
Importing into a draft fixes its questions, makes it an imported assessment (closed, since it
never collects online) and allows more imports until its results are first released.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_number
from flask_babel import gettext as _

from surveys.model import DONT_KNOW

from . import db, lifecycle
from .assessments import instrument_of
from .audit import record
from .exports import DONT_KNOW_CELL
from .models import Assessment, Response

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
        raise ImportRejected(
            [_("The file is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024))]
        )
    instrument = instrument_of(assessment)
    points = instrument.scale.points
    items = {item.id for item in instrument.items_for(assessment.module)}
    segments = {
        q.id: {o.id for o in q.options} for q in instrument.segments
    }
    reader = csv.reader(io.StringIO(_decode(raw), newline=""))
    header = next(reader, None)
    if not header:
        raise ImportRejected([_("The file is empty.")])
    header = [name.strip() for name in header]
    problems: list[str] = []
    seen: set[str] = set()
    for name in header:
        if name not in items and name not in segments:
            problems.append(
                _("Line 1: “%(name)s” is not a question of this assessment.", name=name)
            )
        elif name in seen:
            problems.append(_("Line 1: “%(name)s” appears twice.", name=name))
        seen.add(name)
    if not seen & items:
        problems.append(_("Line 1: the header names none of the assessment's statements."))
    if problems:
        raise ImportRejected(problems)

    rows: list[ParsedRow] = []
    for line_no, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                _("Line %(n)s: %(cells)s cells, but the header has %(header)s.",
                  n=line_no, cells=len(cells), header=len(header))
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
                        _("Line %(n)s, %(name)s: “%(value)s” is not 1–%(points)s, dk or blank.",
                          n=line_no, name=name, value=value[:20], points=points)
                    )
            elif value in segments[name]:  # "prefer_not_to_say" is kept, as the survey does
                row.segments[name] = value
            else:
                problems.append(
                    _("Line %(n)s, %(name)s: “%(value)s” is not one of its options.",
                      n=line_no, name=name, value=value[:40])
                )
        rows.append(row)
        if len(rows) > MAX_ROWS:
            too_many = _("The file has more than %(n)s rows.", n=format_number(MAX_ROWS))
            raise ImportRejected([too_many])
    if problems:
        extra = len(problems) - MAX_REPORTED
        shown = problems[:MAX_REPORTED]
        if extra > 0:
            shown.append(_("… and %(n)s more problems.", n=extra))
        raise ImportRejected(shown)
    if not rows:
        raise ImportRejected([_("The file has a header but no responses.")])
    return rows


def check_importable(assessment: Assessment) -> None:
    """ImportRejected unless ``assessment`` may take imported answers (`lifecycle`)."""
    reason = lifecycle.why_not_importable(assessment)
    if reason is not None:
        raise ImportRejected([reason])


def store(assessment: Assessment, rows: list[ParsedRow], today: date | None = None) -> int:
    """Add the rows as responses of ``assessment``; the caller commits."""
    check_importable(assessment)
    today = today or date.today()
    lifecycle.mark_imported(assessment, today)
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
    check_importable(assessment)
    return store(assessment, parse(assessment, raw, max_bytes))
