"""Releases: every way results leave the product releases one frozen set of responses.

Pages for the comms lead, for leadership and for report links, the JSON document, the PDF, the
slides, the CSV export, the commands and a later wave's trend all go through `release`. It
refuses while the survey still collects answers, and the first time anything is released it
marks the assessment released: from then on its set of responses never changes. Reopening,
moving its dates, importing and changing its anonymity settings are refused with the reason
(`lifecycle.ensure_changeable`), and the console offers a new wave instead. Two releases of an
assessment therefore always describe the same people, so subtracting one from the other reveals
nobody; each release is recorded in the audit log.

A later wave's trend shows an earlier wave only when the earlier one may be released too, under
its own threshold, and only to a reader allowed to read it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from scoring.thresholds import result_released

from . import collection, db
from .assessments import response_count
from .audit import record
from .lifecycle import close, is_closed
from .models import Assessment
from .models.assessment import OPEN
from .plan_changes import with_plan_change
from .results import ResultsWithheld, document_for, previous_wave

#: The outputs through which results leave the product, as the audit log names them.
OUTPUTS = ("page", "json", "pdf", "pptx", "csv", "command", "trend")

MayRead = Callable[[Assessment], bool]


def releasable(assessment: Assessment, today: date | None = None) -> bool:
    """Whether results may leave: the survey is closed, or past its closing day."""
    return is_closed(assessment, today)


def _settle(assessment: Assessment, today: date) -> bool:
    """Close a survey still marked open whose closing day has passed; True if it mixed."""
    if assessment.status == OPEN and is_closed(assessment, today):
        close(assessment, assessment.closes_on or today)
        return True
    return False


def _mark(assessment: Assessment, output: str, today: date, **detail) -> None:
    """Record the release; it freezes the assessment once it shows anything at all (a result
    of fewer than k people shows nothing, so the survey may still be opened again)."""
    shows = result_released(response_count(assessment), assessment.k)
    if shows and assessment.released_on is None:
        assessment.released_on = today
    record("results.release", assessment.id, output=output, figures=shows, **detail)


def earlier_wave(assessment: Assessment, may_read: MayRead | None) -> Assessment | None:
    """The earlier wave a trend may show: linked, same instrument, closed, readable."""
    earlier = previous_wave(assessment)
    if earlier is None or may_read is None or not releasable(earlier):
        return None
    return earlier if may_read(earlier) else None


def release(
    assessment: Assessment, output: str, may_read: MayRead | None = None,
    today: date | None = None,
) -> Assessment:
    """Record a release of ``assessment``'s results through ``output`` and return it, fresh.

    ResultsWithheld while it still collects answers. In its own short write transaction, which
    it commits: closes a survey whose closing day has passed (mixing its sealed submissions),
    marks it released, and records the release, with the earlier wave when its trend will show.
    The caller builds what it releases afterwards, outside the write lock.
    """
    assert output in OUTPUTS, output
    today = today or date.today()
    if not releasable(assessment, today):
        raise ResultsWithheld()
    session = db.session()
    session.rollback()  # end any read transaction: the writes below begin as a writer
    db.begin_write()
    assessment = session.get(Assessment, assessment.id, populate_existing=True)
    mixed = _settle(assessment, today)
    earlier = earlier_wave(assessment, may_read)
    if earlier is not None:
        mixed = _settle(earlier, today) or mixed
        _mark(earlier, "trend", today, wave=assessment.id)
    _mark(assessment, output, today)
    db.commit()
    if mixed:
        collection.checkpoint()
    return assessment


def released_document(
    assessment: Assessment, output: str, language: str | None = None,
    may_read: MayRead | None = None,
) -> dict:
    """`release`, then the results document it releases."""
    assessment = release(assessment, output, may_read)
    earlier = earlier_wave(assessment, may_read)
    document = document_for(assessment, language, earlier=earlier)
    return with_plan_change(document, assessment, earlier, output)  # issue 23: same trend
