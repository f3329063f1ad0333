"""Anonymised responses and their codebook as CSV, safe to open in a spreadsheet.

The responses file has one row per respondent in random order, a column per segment question,
per item and per custom question, and nothing else: no dates, no language, no source. Item
cells hold 1..points, ``dk`` for "don't know" or nothing for a skipped item (or for every row,
where the results withhold the dimension: fewer than k answered it or have its score);
a custom question's
cells hold what its type writes (blank: skipped or not asked), exactly the format ``imports``
reads, and only what the results show (``released_answers``).
Segment cells are blanked where the group would be too small to show:

* per question, exactly where the results hide the group (the same primary and secondary
  suppression), in every row, and
* across questions, so that no combination of segment answers and answers to custom choice
  questions is shared by 1 to k - 1 rows: the value (for several choices, the option) of a
  rare combination that fewest rows share is blanked in every row until none is left, and
  with it whatever was asked only because of it (``scoring.anonymity.export_answers``). A
  custom question may ask a fact the comms lead knows about people, such as their site.
  Net scores and statements are opinions and are not part of the combinations.

Every cell that a spreadsheet would read as a formula is neutralised with a leading apostrophe
(CVE-2019-16184 was exactly this in another survey tool).
"""

from __future__ import annotations

import csv
import io
import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select

from scoring.thresholds import result_released
from surveys import conditions
from surveys.forms import LikertQuestion
from surveys.model import DONT_KNOW, PREFER_NOT_TO_SAY, pick
from surveys.questions.base import DONT_KNOW as QUESTION_DONT_KNOW

from . import db
from .assessments import instrument_of
from .models import Assessment, Response
from .results import item_ids, responses_of

if TYPE_CHECKING:  # numpy and the scoring rules load when a file is written, not at start-up
    import numpy as np

#: What a spreadsheet may take for the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DONT_KNOW_CELL = "dk"


class ExportRefused(ValueError):
    """The export would reveal too little-protected data; the message says why."""


def neutralise(value: object) -> object:
    """The value with a leading apostrophe if, as text, a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise("" if cell is None else cell) for cell in row])
    return out.getvalue()


def download_name(assessment: Assessment, suffix: str) -> str:
    """A safe ASCII file name such as ``readiness-northwind-research-results.pdf``."""
    ascii_title = unicodedata.normalize("NFKD", assessment.title).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.decode().lower()).strip("-")[:50].strip("-")
    return f"readiness-{slug or assessment.id}-{suffix}"


def protected_segments(
    segment_rows: list[dict], questions, k: int, answered: np.ndarray | None = None,
    released: Sequence = (),
) -> list[list[str]]:
    """Segment answers per row, with every too-small group blanked (the anonymity policy);
    ``answered`` (rows × dimensions) also keeps every group's answerers of a dimension ≥ k;
    ``released`` (``scoring.document.released_groups``' values) keeps every combination of
    the results' scores and the rows' from describing fewer than k people."""
    from scoring.anonymity import export_segments

    return export_segments(*_segment_values(segment_rows, questions), k, answered,
                           gap=gap_column(questions), released=released)


def protected_answers(
    instrument, segment_rows: list[dict], custom_answers: list[dict], k: int,
    answered: np.ndarray | None = None, released: Sequence = (),
) -> tuple[list[list[str]], list[dict]]:
    """Segment answers and custom answers (as ``released_answers`` gives them) per row, with
    every rare combination of about-you answers and custom choices blanked
    (``scoring.anonymity.export_answers``); ``answered`` and ``released`` as for
    ``protected_segments``."""
    from scoring.anonymity import export_answers

    values, options = _segment_values(segment_rows, instrument.segments)
    return export_answers(instrument, values, options, custom_answers, k, answered,
                          gap=gap_column(instrument.segments), released=released)


def gap_column(questions) -> tuple[int, str] | None:
    """The role question's column and its leader option, when the results draw the perception
    gap from them (``scoring.gap``); the export then guards those two groups too."""
    from scoring.gap import LEADER, ROLE_LEVEL

    return next(((column, LEADER) for column, question in enumerate(questions)
                 if question.kind == ROLE_LEVEL and LEADER in question.option_ids()), None)


def _segment_values(segment_rows: list[dict], questions) -> tuple[list[list[str]], list]:
    values = [
        [
            "" if row.get(q.id) in (None, PREFER_NOT_TO_SAY) else str(row.get(q.id))
            for q in questions
        ]
        for row in segment_rows
    ]
    options = [[o.id for o in q.options if o.id != PREFER_NOT_TO_SAY] for q in questions]
    return values, options


def answered_dimensions(responses, instrument, module: str | None) -> np.ndarray:
    """Bool (rows × dimensions): whether each row of ``responses`` answered some item of each
    dimension ("don't know" is no answer)."""
    import numpy as np

    given = ~np.isnan(responses.answers) & (responses.answers != DONT_KNOW)
    column = {item: j for j, item in enumerate(responses.item_ids)}
    found = np.zeros((responses.n, len(instrument.dimensions)), dtype=bool)
    for d, dimension in enumerate(instrument.dimensions):
        columns = [column[item.id] for item in instrument.items_for(module)
                   if item.dimension == dimension.id and item.id in column]
        found[:, d] = given[:, columns].any(axis=1)
    return found


def released_answers(instrument, answer_rows: list[dict], k: int) -> list[dict]:
    """Each row's answers to the custom questions as the results release them
    (`scoring.questions`): a question whose results are withheld is left out, and so is an
    answer, or a chosen option, whose count the results hide, in every row that has it; then
    whatever the answers left out no longer lead to (`surveys.conditions`), so that the file
    imports back. The rows carry what the results show, never more."""
    from scoring.questions import score_questions

    rows = [
        {q.id: value for q in instrument.questions
         if (value := (answers or {}).get(q.id)) is not None and q.check(value) is None}
        for answers in answer_rows
    ]
    results = {r.question.id: r for r in score_questions(instrument, rows, k)}
    released = []
    for row in rows:
        kept = {}
        for question_id, value in row.items():
            result = results[question_id]
            hidden = {o.key for o in result.outcomes if o.reason is not None}
            if result.withheld == "too_few_answered":
                continue
            if value == QUESTION_DONT_KNOW:
                if result.cells["dont_know"] is not None:
                    kept[question_id] = value
            elif result.question.scored_as == "choices":
                shown = [v for v in value if v not in hidden]
                if shown:
                    kept[question_id] = shown
            elif not hidden & set(result.question.counted_under(value)):
                kept[question_id] = value
        released.append(conditions.only_asked(instrument, kept))
    return released


def responses_csv(assessment: Assessment, rng: random.Random | None = None) -> str:
    """The anonymised responses of ``assessment`` as CSV text; ExportRefused below k."""
    rows = db.session().execute(
        select(Response.answers, Response.segments)
        .where(Response.assessment_id == assessment.id)
        .order_by(Response.id)
    ).all()
    if not result_released(len(rows), assessment.k):
        raise ExportRefused(
            f"Fewer than {assessment.k} people have answered, so there is nothing to export yet."
        )
    header, body = export_table(instrument_of(assessment), rows, item_ids(assessment),
                                k=assessment.k, module=assessment.module,
                                headcount=assessment.headcount)
    (rng or random.SystemRandom()).shuffle(body)
    return write_csv(header, body)


def export_table(
    instrument, rows: Sequence, items: tuple[str, ...], *, k: int, module: str | None = None,
    headcount: int | None = None,
) -> tuple[list[str], list[list[str]]]:
    """The header and the rows (in the order of ``rows``, each with ``answers`` and
    ``segments``) of the responses export, with everything the anonymity policy withholds
    left out. At least k rows."""
    import numpy as np

    from scoring.document import released_groups

    questions = list(instrument.segments)
    responses = responses_of(instrument, rows, items)
    dimensions = [d.id for d in instrument.dimensions]
    # Who is behind each score the results release (and who has a score at all: half a
    # dimension's items, at least 3): no combination of those scores and the rows' may
    # describe fewer than k people.
    released = released_groups(instrument, responses, k=k, module=module, headcount=headcount)
    scored = np.zeros((responses.n, len(dimensions)), dtype=bool)
    for column, dimension in enumerate(dimensions):
        if dimension in released:
            scored[:, column] = released[dimension][0]
    answered = answered_dimensions(responses, instrument, module)
    # A dimension whose score the results withhold (fewer than k have one, or fewer than k
    # answered it at all) is left out of the export too: whatever the about-you answers, its
    # answers would describe those few. A single statement is never left out on its own: its
    # answers count in the dimension's scores, which the results publish, so the total minus
    # the rows whose scores can be read would give back the rows where it was blanked.
    few = {dimension for column, dimension in enumerate(dimensions)
           for n in (int(answered[:, column].sum()), int(scored[:, column].sum()))
           if 0 < n < k}
    left_out = [column for column, dimension in enumerate(dimensions) if dimension in few]
    answered[:, left_out] = False
    scored[:, left_out] = False
    dimension_of = {item.id: item.dimension for item in instrument.items_for(module)}
    # Custom questions: one column each, in the cell each type writes, as the results release
    # them; their answerers count like a dimension's in the rule on combinations, and the
    # answers to choice questions are part of the combinations, like about-you answers. Per
    # dimension, both who answered some of it and who has a score count (a row's score can be
    # worked out from its answers).
    segments, custom_answers = protected_answers(
        instrument, [row.segments or {} for row in rows],
        released_answers(instrument, [row.answers for row in rows], k), k,
        np.hstack([answered, scored]),
        released=[released[d] for d in released if d not in few],  # few: not in the file
    )
    statements = {item.id: LikertQuestion(item, instrument.scale)
                  for item in instrument.items_for(module)}
    body = [
        [*segment_values,
         *("" if dimension_of[item] in few else _cell(statements[item], row.answers, item)
           for item in items),
         *(_cell(question, custom_answers[i], question.id)
           for question in instrument.questions)]
        for i, (row, segment_values) in enumerate(zip(rows, segments, strict=True))
    ]
    return [*(q.id for q in questions), *items, *(q.id for q in instrument.questions)], body


def _cell(question, answers: dict | None, key: str) -> str:
    """The stored answer as its question writes it in a cell; "" unless its check accepts it."""
    value = (answers or {}).get(key)
    if value is None or question.check(value) is not None:
        return ""
    return question.to_cell(value)


def codebook_csv(assessment: Assessment) -> str:
    """What each column of the responses file means, from the assessment's instrument."""
    instrument = instrument_of(assessment)
    language = assessment.default_language
    statements = instrument.items_for(assessment.module)
    scale_text = (LikertQuestion(statements[0], instrument.scale).cell_values(language)
                  if statements else "") + (
        f"; blank=not answered, or left out (fewer than {assessment.k} answered the"
        " statement's dimension, or have a score for it)")
    rows: list[list[object]] = []
    for question in instrument.segments:
        options = "; ".join(
            f"{o.id}={pick(o.labels, language)}"
            for o in question.options
            if o.id != PREFER_NOT_TO_SAY
        )
        rows.append([
            question.id, "segment", "", pick(question.text, language), "",
            options + f"; blank=not given or hidden (group below {assessment.k})",
        ])
    for item in instrument.items_for(assessment.module):
        rows.append([
            item.id, "item", item.dimension, pick(item.text, language),
            "yes" if item.reverse else "no", scale_text,
        ])
    for question in instrument.questions:
        page = instrument.custom_page(question.page)
        conditions_text = "; ".join(
            f"asked only when {c.question} is {' or '.join(map(str, c.values))}"
            for c in (page.show_if, question.show_if) if c is not None
        )
        rows.append([
            question.id, question.type_name, "", pick(question.text, language), "",
            question.cell_values(language)
            + "; blank=not answered or not asked; an answer or option the results hide "
            f"(fewer than {assessment.k}) is left out"
            + ("; like about-you answers, also in rare combinations with them"
               if question.identifying else "")
            + (f" ({conditions_text})" if conditions_text else ""),
        ])
    return write_csv(["column", "type", "dimension", "text", "reverse", "values"], rows)
