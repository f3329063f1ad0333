"""Changing an assessment after it was created, within the rules that protect respondents.

* Opening freezes what respondents were asked: instrument, sector module, segment questions
  and languages.
* Once a response exists, the anonymity thresholds (k and the comment threshold) can only go up,
  so results once hidden can never be revealed by lowering them.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from surveys.loader import with_segments

from .. import db
from ..assessments import (
    AssessmentError,
    AssessmentSpec,
    _check,
    instrument_of,
    parse_instrument,
    response_count,
)
from ..audit import record
from ..models import Assessment
from ..models.assessment import DRAFT
from ..releases import ensure_changeable
from . import segment_text

#: Fields that cannot change once an assessment has opened.
FROZEN = ("instrument", "module", "segments", "languages")


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
            _("An earlier wave must use the same instrument and version, and cannot be this one.")
        )


def _frozen_changes(assessment: Assessment, spec: AssessmentSpec, source: str | None) -> list:
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


def _has_responses(assessment: Assessment) -> bool:
    return response_count(assessment) > 0


#: What may still change once results were released: nothing that decides who is counted or
#: what is shown of them.
CHANGEABLE_AFTER_RELEASE = ("title", "organisation", "headcount")


def update(assessment: Assessment, spec: AssessmentSpec, source: str | None = None) -> list[str]:
    """Apply ``spec`` (and a new instrument ``source``, drafts only); returns changed fields.

    AssessmentError says in plain words why a change is refused.
    """
    if assessment.status != DRAFT:
        frozen = _frozen_changes(assessment, spec, source)
        if frozen:
            raise AssessmentError(
                _("The survey is open, so its questions, languages and segments can no longer "
                  "change (asked to change: %(fields)s).", fields=", ".join(frozen))
            )
        # Unchanged: keep exactly what respondents are being asked.
        spec.segments = assessment.segments
        spec.segment_headcounts = assessment.segment_headcounts
    if _has_responses(assessment):
        if spec.k < assessment.k:
            raise AssessmentError(
                _("Responses have arrived, so the anonymity threshold can only go up "
                  "(it is %(k)s).", k=assessment.k)
            )
        if spec.comment_k < assessment.comment_k:
            raise AssessmentError(
                _("Responses have arrived, so the comment threshold can only go up "
                  "(it is %(k)s).", k=assessment.comment_k)
            )
    instrument = parse_instrument(source or assessment.instrument_source)
    _check(spec, instrument)
    if spec.segments is not None:
        with_segments(instrument, spec.segments, spec.languages)  # raises InstrumentError
    check_previous(assessment, spec.previous_id, instrument)

    values = spec.column_values()
    if assessment.released:
        locked = [
            name for name, value in values.items()
            if name not in CHANGEABLE_AFTER_RELEASE and getattr(assessment, name) != value
        ]
        if locked or (source is not None and source != assessment.instrument_source):
            ensure_changeable(assessment)
    if source is not None and source != assessment.instrument_source:
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
    """Remove a draft that nobody has answered; anything else is kept."""
    if assessment.status != DRAFT or response_count(assessment):
        raise AssessmentError(_("Only a draft without responses can be deleted."))
    record("assessment.delete", None, title=assessment.title, id=assessment.id)
    db.session().delete(assessment)
    db.session().flush()
