"""The bridge from the database to the scoring package: one assessment's results document.

Everything is read fresh from the database on each call; nothing is kept in process memory, so
any worker on any machine gives the same answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from . import db
from .assessments import instrument_of
from .lifecycle import days_of
from .models import Assessment, Comment, Response

if TYPE_CHECKING:
    from scoring.responses import Responses
    from surveys.model import Instrument


def N_(message: str) -> str:
    """Marks ``message`` for the translation catalogues (`make translations`); it is
    translated where it is shown."""
    return message


#: What every results page, download and command says while a survey is still open.
WITHHELD_MESSAGE = N_(
    "Results appear when the survey closes, so that nobody can be picked out by comparing "
    "results before and after they answered."
)


class PdfUnavailable(RuntimeError):
    """The PDF builder is not installed in this build."""


class ResultsWithheld(RuntimeError):
    """The survey is still collecting answers, so its results are not released yet."""

    def __init__(self) -> None:
        super().__init__(WITHHELD_MESSAGE)


def item_ids(assessment: Assessment) -> tuple[str, ...]:
    """The items this assessment asks, in instrument order."""
    instrument = instrument_of(assessment)
    return tuple(item.id for item in instrument.items_for(assessment.module))


def load_responses(assessment: Assessment, items: tuple[str, ...] | None = None) -> Responses:
    """Every stored response of ``assessment`` as a respondent × item matrix with segments."""
    rows = db.session().execute(
        select(Response.answers, Response.segments)
        .where(Response.assessment_id == assessment.id)
        .order_by(Response.id)
    ).all()
    return responses_of(instrument_of(assessment), rows, items or item_ids(assessment))


def responses_of(instrument: Instrument, rows, items: tuple[str, ...]) -> Responses:
    """``rows`` (each with ``answers`` and ``segments``) as a respondent × item matrix with
    segments, in their order."""
    from scoring.responses import Responses  # numpy, loaded when results are first read

    known = set(items)
    segment_ids = [question.id for question in instrument.segments]
    answers = [
        {item: value for item, value in (row.answers or {}).items() if item in known}
        for row in rows
    ]
    segments = [{sid: (row.segments or {}).get(sid) for sid in segment_ids} for row in rows]
    responses = Responses.from_rows(answers, segments if segment_ids else None, item_ids=items)
    if not rows and segment_ids:
        # from_rows cannot see segment ids without rows; keep the columns for consumers.
        responses = Responses(items, responses.answers, {sid: () for sid in segment_ids})
    return responses


def load_question_answers(assessment: Assessment) -> list[dict]:
    """Every stored response's answers to the custom pages' questions (`surveys.questions`),
    in the stored order; each type's scorer reads its own."""
    instrument = instrument_of(assessment)
    if not instrument.questions:
        return []
    ids = {question.id for question in instrument.questions}
    rows = db.session().scalars(
        select(Response.answers)
        .where(Response.assessment_id == assessment.id)
        .order_by(Response.id)
    )
    return [{key: value for key, value in (row or {}).items() if key in ids} for row in rows]


def load_comments(assessment: Assessment) -> dict[str, list[str]]:
    """Open answers per open question (in random stored order, never linked to a response)."""
    instrument = instrument_of(assessment)
    found: dict[str, list[str]] = {question.id: [] for question in instrument.open_questions}
    rows = db.session().execute(
        select(Comment.question_id, Comment.text)
        .where(Comment.assessment_id == assessment.id)
        .order_by(Comment.id)
    )
    for question_id, text in rows:
        found.setdefault(question_id, []).append(text)
    return found


def assessment_meta(assessment: Assessment) -> dict:
    """Who and what was asked, and the days the survey really opened and closed."""
    opened, closed = days_of(assessment)
    return {
        "id": assessment.id,
        "title": assessment.title,
        "organisation": assessment.organisation,
        "sector": assessment.sector,
        "opens_on": opened,
        "closes_on": closed,
        "headcount": assessment.headcount,
    }


def previous_wave(assessment: Assessment) -> Assessment | None:
    """The linked earlier assessment, when it asked the same instrument and version."""
    if assessment.previous_id is None:
        return None
    earlier = db.session().get(Assessment, assessment.previous_id)
    if earlier is None:
        return None
    same = (earlier.instrument_id, earlier.instrument_version) == (
        assessment.instrument_id,
        assessment.instrument_version,
    )
    return earlier if same else None


def document_language(assessment: Assessment, wanted: str | None) -> str:
    """``wanted`` when the instrument is written in it, else the assessment's first language."""
    instrument = instrument_of(assessment)
    if wanted and wanted in instrument.languages:
        return wanted
    return assessment.default_language


def document_for(
    assessment: Assessment, language: str | None = None, *, earlier: Assessment | None = None
) -> dict:
    """The ``readiness.results/1`` document of ``assessment`` in ``language``, with a trend
    against ``earlier`` (shown under that wave's own threshold).

    This builds; it does not decide who may see what. Outputs go through
    `readiness.releases`, which checks that both waves may be released and records it.
    """
    instrument = instrument_of(assessment)
    items = item_ids(assessment)
    previous = (
        (assessment_meta(earlier) | {"k": earlier.k}, load_responses(earlier, items))
        if earlier is not None
        else None
    )
    from scoring.document import build_document

    return build_document(
        instrument,
        load_responses(assessment, items),
        assessment=assessment_meta(assessment),
        language=document_language(assessment, language),
        k=assessment.k,
        comment_k=assessment.comment_k,
        headcount=assessment.headcount,
        module=assessment.module,
        previous=previous,
        comments=load_comments(assessment),
        question_answers=load_question_answers(assessment),
    )


def render_pdf(document: dict, *, page_size: str = "A4") -> bytes:
    """The PDF report of a results document, from the reports package."""
    try:
        from reports.pdf import build_pdf
    except ImportError as error:  # the reports package has not shipped its builder yet
        raise PdfUnavailable("The PDF builder is not available in this build.") from error
    return build_pdf(document, page_size=page_size)
