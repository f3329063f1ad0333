"""Changing an assessment after it was created, within the rules of its life (`lifecycle`):
opening freezes what respondents were asked, thresholds only go up once anyone has answered,
and a release freezes everything that decides who is counted.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from surveys.loader import with_segments

from .. import db, lifecycle
from ..assessments import (
    AssessmentError,
    AssessmentSpec,
    check_spec,
    instrument_of,
    parse_instrument,
    with_fallbacks,
)
from ..audit import record
from ..models import Assessment
from ..models.assessment import DRAFT
from . import segment_text


def spec_of(assessment: Assessment) -> AssessmentSpec:
    """The assessment's current settings, as a spec to edit."""
    return AssessmentSpec.of(assessment)


def wave_candidates(assessment: Assessment | None, instrument_id: str, version: str):
    """Assessments of the same instrument and version that this one may follow."""
    query = (
        select(Assessment)
        .where(Assessment.instrument_id == instrument_id)
        .where(Assessment.instrument_version == version)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
    )
    if assessment is not None:
        query = query.where(Assessment.id != assessment.id)
    candidates = list(db.session().scalars(query))
    if assessment is None:
        return candidates
    return [c for c in candidates if not _follows(c, assessment.id)]


def _follows(candidate: Assessment, assessment_id: int) -> bool:
    """Whether ``candidate`` already follows ``assessment_id`` (linking back makes a loop)."""
    seen: set[int] = set()
    current = candidate
    while current is not None and current.id not in seen:
        if current.previous_id == assessment_id:
            return True
        seen.add(current.id)
        current = db.session().get(Assessment, current.previous_id) if current.previous_id else None
    return False


def check_previous(assessment: Assessment | None, previous_id: int | None, instrument) -> None:
    if previous_id is None:
        return
    allowed = {c.id for c in wave_candidates(assessment, instrument.id, instrument.version)}
    if previous_id not in allowed:
        raise AssessmentError(
            _("An earlier wave must use the same instrument and version, and cannot be this one."),
            "previous_id",
        )


def _frozen_changes(assessment: Assessment, spec: AssessmentSpec, source: str | None) -> list:
    """Which of `lifecycle.FROZEN` the edit would change."""
    changed = []
    if source is not None and source != assessment.instrument_source:
        changed.append("instrument")
    if spec.module != assessment.module:
        changed.append("module")
    languages = list(assessment.languages or ())
    current = (
        assessment.segments
        if assessment.segments is not None
        else segment_text.from_instrument(instrument_of(assessment).segments)
    )
    # Compared as the text the comms lead edits, so an unchanged form is never a change.
    before = segment_text.render(current, assessment.segment_headcounts, languages)
    after = segment_text.render(spec.segments or [], spec.segment_headcounts, languages)
    if before != after:
        changed.append("segments")
    if list(spec.languages) != list(assessment.languages or ()):
        changed.append("languages")
    return changed


def update(assessment: Assessment, spec: AssessmentSpec, source: str | None = None) -> list[str]:
    """Apply ``spec`` (and a new instrument ``source``, drafts only); returns changed fields.

    AssessmentError says in plain words why a change is refused.
    """
    if assessment.status != DRAFT:
        lifecycle.ensure_not_frozen(_frozen_changes(assessment, spec, source))
        # Unchanged: keep exactly what respondents are being asked.
        spec.segments = assessment.segments
        spec.segment_headcounts = assessment.segment_headcounts
    lifecycle.ensure_thresholds_only_rise(assessment, spec.k, spec.comment_k)
    instrument = parse_instrument(source or assessment.instrument_source)
    check_spec(spec, instrument)
    if spec.segments is not None:
        with_segments(  # raises InstrumentError
            instrument, with_fallbacks(spec.segments, spec.languages), spec.languages
        )
    check_previous(assessment, spec.previous_id, instrument)

    values = spec.column_values()
    new_instrument = source is not None and source != assessment.instrument_source
    lifecycle.ensure_changeable_after_release(assessment, values, new_instrument)
    if new_instrument:
        values.update(
            instrument_source=source,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
        )
    changed = [name for name, value in values.items() if getattr(assessment, name) != value]
    for name in changed:
        setattr(assessment, name, values[name])
    if changed:
        db.session().flush()
        record("assessment.update", assessment.id, fields=sorted(changed))
    return changed


def delete_draft(assessment: Assessment) -> None:
    """Remove a draft nobody has answered, or a closed assessment with all its responses
    (`lifecycle.delete`); an open one is kept."""
    lifecycle.delete(assessment)
