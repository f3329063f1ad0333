"""Responses collected elsewhere (paper, another tool), read from CSV and stored all or nothing.

The file has a header row naming its columns: item ids, segment question ids and custom question
ids, in any order, each at most once (the format ``exports.responses_csv`` writes). Item cells
hold 1..points, ``dk`` or ``0`` for "don't know", or nothing; segment cells hold an option id or
nothing; a custom question's cells hold what its type writes (`surveys.questions`), or nothing,
and must be blank where the row's earlier answers mean the question was not asked.
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
from typing import Any

from flask_babel import format_number
from flask_babel import gettext as _

from surveys import conditions
from surveys.forms import LikertQuestion, SegmentChoice

from . import db, lifecycle
from .assessments import instrument_of
from .audit import record
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
    answers: dict[str, Any] = field(default_factory=dict)  #: items' and custom questions'

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
    # Every column's question decides what its cells may hold (`surveys.forms`,
    # `surveys.questions`): the same rule as the survey's pages.
    statements = {item.id: LikertQuestion(item, instrument.scale)
                  for item in instrument.items_for(assessment.module)}
    items = set(statements)
    segments = {q.id: SegmentChoice(q) for q in instrument.segments}
    custom = {q.id: q for q in instrument.questions}
    reader = csv.reader(io.StringIO(_decode(raw), newline=""))
    header = next(reader, None)
    if not header:
        raise ImportRejected([_("The file is empty.")])
    header = [name.strip() for name in header]
    problems: list[str] = []
    seen: set[str] = set()
    for name in header:
        if name not in items and name not in segments and name not in custom:
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
            try:
                if name in items:
                    row.answers[name] = statements[name].from_cell(value)
                elif name in custom:
                    row.answers[name] = custom[name].from_cell(value)
                else:  # "prefer_not_to_say" is kept, as the survey does
                    row.segments[name] = segments[name].from_cell(value)
            except ValueError:
                problems.append(_cell_problem(line_no, name, value, instrument, items))
        problems.extend(_not_asked(instrument, row, line_no))
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


def _cell_problem(line_no: int, name: str, value: str, instrument, items: set[str]) -> str:
    """What is wrong with a cell its question refused, in the words of its kind."""
    if name in items:
        return _("Line %(n)s, %(name)s: “%(value)s” is not 1–%(points)s, dk or blank.",
                 n=line_no, name=name, value=value[:20], points=instrument.scale.points)
    if name in {q.id for q in instrument.questions}:
        return _("Line %(n)s, %(name)s: “%(value)s” is not an answer to this question "
                 "(%(allowed)s).", n=line_no, name=name, value=value[:40],
                 allowed=instrument.question(name).cell_values(instrument.languages[0]))
    return _("Line %(n)s, %(name)s: “%(value)s” is not one of its options.",
             n=line_no, name=name, value=value[:40])


def _not_asked(instrument, row: ParsedRow, line_no: int) -> list[str]:
    """An answer to a question its row's earlier answers did not lead to (`conditions`)."""
    asked = conditions.asked(instrument, row.answers)
    met = conditions.pages_met(instrument, row.answers)
    problems = []
    for question in instrument.questions:
        if question.id in row.answers and question.id not in asked:
            page = instrument.custom_page(question.page)
            condition = page.show_if if page.id not in met else question.show_if
            problems.append(_(
                "Line %(n)s, %(name)s: this question is asked only when %(other)s is "
                "%(values)s, so it must be blank here.", n=line_no, name=question.id,
                other=condition.question if condition else "?",
                values=" / ".join(map(str, condition.values)) if condition else "?"))
    return problems


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
