"""Assessments: creating them, reading their instrument, and moving them through their life.

Services add and flush; the request or command that called them commits.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tomllib
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import func, select

from scoring.anonymity import DEFAULT_COMMENT_K, DEFAULT_K, MIN_K
from surveys.loader import (
    BUNDLED_DIRECTORY,
    DEFAULT_INSTRUMENT_ID,
    instrument_from_text,
    with_segments,
)
from surveys.model import Instrument

from . import collection, db
from .audit import record
from .models import Assessment, Response
from .models.assessment import CLOSED, DISTRIBUTIONS, DRAFT, IMPORTED, ONLINE, OPEN

SECTORS = ("private", "public_sector", "charity", "healthcare", "education", "legal", "other")
#: Each "about you" question narrows the groups a respondent hides in, and the survey keeps
#: these answers in the respondent's cookie until they submit; a dozen is plenty for both.
MAX_SEGMENT_QUESTIONS = 12


class AssessmentError(ValueError):
    """The change cannot be made; the message says why in plain words."""


def bundled_instrument_source(instrument_id: str = DEFAULT_INSTRUMENT_ID) -> str:
    """The TOML text of a bundled instrument, newest version."""
    for path in sorted(BUNDLED_DIRECTORY.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        if tomllib.loads(text).get("id") == instrument_id:
            return text
    raise KeyError(instrument_id)


def parse_instrument(source: str, origin: str = "instrument file") -> Instrument:
    """Validate instrument TOML text; InstrumentError names every problem."""
    return instrument_from_text(source, origin)


@functools.lru_cache(maxsize=64)
def _instrument(source: str, segments_json: str, languages: tuple[str, ...]) -> Instrument:
    instrument = parse_instrument(source)
    segments = json.loads(segments_json)
    if segments is not None:
        instrument = with_segments(instrument, segments, languages)
    return instrument


def instrument_of(assessment: Assessment) -> Instrument:
    """The instrument exactly as this assessment asks it, with its own segment questions."""
    return _instrument(
        assessment.instrument_source,
        json.dumps(assessment.segments, sort_keys=True),
        tuple(assessment.languages or ()),
    )


@dataclass
class AssessmentSpec:
    """What the comms lead decides when creating or editing an assessment."""

    title: str
    organisation: str
    sector: str = "private"
    headcount: int | None = None
    languages: tuple[str, ...] = ("en",)
    module: str | None = None
    segments: list | None = None
    segment_headcounts: dict | None = None
    k: int = DEFAULT_K
    comment_k: int = DEFAULT_COMMENT_K
    opens_on: date | None = None
    closes_on: date | None = None
    distribution: str = "link"
    previous_id: int | None = None

    @classmethod
    def of(cls, assessment: Assessment) -> AssessmentSpec:
        """The assessment's current settings, as a spec to edit."""
        return cls(
            **{f.name: getattr(assessment, f.name) for f in fields(cls)}
            | {"languages": tuple(assessment.languages or ())}
        )

    def column_values(self) -> dict:
        """The settings as the model's columns hold them: one mapping for create and edit."""
        return {f.name: getattr(self, f.name) for f in fields(self)} | {
            "title": self.title.strip(),
            "organisation": self.organisation.strip(),
            "languages": list(self.languages),
            "segment_headcounts": self.segment_headcounts or None,
        }


def _check(spec: AssessmentSpec, instrument: Instrument) -> None:
    if not spec.title.strip() or not spec.organisation.strip():
        raise AssessmentError(_("An assessment needs a title and an organisation."))
    if spec.sector not in SECTORS:
        raise AssessmentError(_("Sector must be one of: %(sectors)s.", sectors=", ".join(SECTORS)))
    if spec.k < MIN_K:
        raise AssessmentError(_("The anonymity threshold cannot be below %(k)s.", k=MIN_K))
    if spec.comment_k < spec.k:
        raise AssessmentError(
            _("The comment threshold cannot be below the anonymity threshold.")
        )
    if spec.headcount is not None and spec.headcount < 1:
        raise AssessmentError(_("Headcount must be a positive number."))
    if spec.distribution not in DISTRIBUTIONS:
        raise AssessmentError(_("Distribution must be link, codes or both."))
    if spec.opens_on and spec.closes_on and spec.closes_on < spec.opens_on:
        raise AssessmentError(_("The closing date is before the opening date."))
    unknown = [lang for lang in spec.languages if lang not in instrument.languages]
    if not spec.languages or unknown:
        raise AssessmentError(
            _("Choose languages from those of the instrument: %(languages)s.",
              languages=", ".join(instrument.languages))
        )
    if spec.segments is not None and len(spec.segments) > MAX_SEGMENT_QUESTIONS:
        raise AssessmentError(
            _("Please keep to %(n)s “about you” questions at most: each one makes groups "
              "smaller and respondents easier to pick out.", n=MAX_SEGMENT_QUESTIONS)
        )
    if spec.module is not None and spec.module not in {m.id for m in instrument.modules}:
        raise AssessmentError(
            _("The instrument has no sector module “%(module)s”.", module=spec.module)
        )


def create(spec: AssessmentSpec, instrument_source: str | None = None) -> Assessment:
    """Add a draft assessment of the given (or the default) instrument."""
    source = instrument_source or bundled_instrument_source()
    instrument = parse_instrument(source)
    _check(spec, instrument)
    if spec.segments is not None:
        with_segments(instrument, spec.segments, spec.languages)  # validates them
    assessment = Assessment(
        **spec.column_values(),
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        instrument_source=source,
        status=DRAFT,
    )
    db.session().add(assessment)
    db.session().flush()
    record("assessment.create", assessment.id, title=assessment.title)
    return assessment


def new_wave(assessment: Assessment) -> Assessment:
    """A draft that asks again what ``assessment`` asked: the same questions, groups,
    headcounts, languages and settings, no answers and no dates, linked for the trend."""
    spec = AssessmentSpec.of(assessment)
    spec.title = _("%(title)s, next wave", title=assessment.title)[:200]
    spec.opens_on = spec.closes_on = None
    spec.previous_id = assessment.id
    wave = create(spec, assessment.instrument_source)
    record("assessment.new_wave", wave.id, previous=assessment.id)
    return wave


def create_from_file(spec: AssessmentSpec, path: str | Path) -> Assessment:
    """Add a draft assessment of an organisation's own instrument file."""
    path = Path(path)
    return create(spec, path.read_text(encoding="utf-8"))


def response_count(assessment: Assessment) -> int:
    """Responses stored and submissions still sealed: everyone who has answered."""
    stored = db.session().scalar(
        select(func.count()).select_from(Response).where(Response.assessment_id == assessment.id)
    )
    return stored + collection.waiting(assessment)


def open_(assessment: Assessment, today: date | None = None) -> None:
    """Start (or, before any release, resume) collecting answers online; the instrument is
    frozen from now on. AssessmentError once results were released or answers imported."""
    if assessment.status == OPEN:
        return
    if assessment.released:
        raise AssessmentError(
            _("Results of this survey have been shared, so it cannot take more answers: "
              "comparing the results before and after would show the new answers. Start a "
              "new wave instead.")
        )
    if assessment.collection == IMPORTED:
        raise AssessmentError(
            _("This assessment holds imported answers, so it cannot also collect answers "
              "online: whoever imported rows could subtract them and see the others. Create a "
              "separate assessment for the online survey.")
        )
    reopening = assessment.status == CLOSED
    assessment.status = OPEN
    assessment.collection = ONLINE
    assessment.opened_on = today or date.today()
    record("assessment.reopen" if reopening else "assessment.open", assessment.id)


def close(assessment: Assessment, today: date | None = None) -> None:
    """Stop collecting answers, and mix every sealed submission into the responses."""
    if assessment.status == CLOSED:
        return
    assessment.status = CLOSED
    assessment.closed_on = today or date.today()
    collection.mix(assessment, date.today())
    record("assessment.close", assessment.id)


def is_accepting(assessment: Assessment, today: date | None = None) -> bool:
    """Whether a respondent may answer now: open, and within its scheduled days."""
    today = today or date.today()
    if assessment.status != OPEN:
        return False
    if assessment.opens_on and today < assessment.opens_on:
        return False
    return not (assessment.closes_on and today > assessment.closes_on)


def is_closed(assessment: Assessment, today: date | None = None) -> bool:
    """Whether collecting has ended: closed, or still "open" but past its closing day.

    A survey scheduled to open later is not closed: nobody has answered it yet, and its
    results would start moving the day it opens.
    """
    if assessment.status == CLOSED:
        return True
    today = today or date.today()
    return (
        assessment.status == OPEN
        and assessment.closes_on is not None
        and today > assessment.closes_on
    )


def fingerprint(assessment: Assessment) -> str:
    """A short digest of the frozen instrument, to tell waves of the same instrument apart."""
    return hashlib.sha256(assessment.instrument_source.encode()).hexdigest()[:16]
