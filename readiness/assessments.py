"""Assessments: creating them, checking their settings and reading their instrument (the rules
of their life after that are in `lifecycle`).

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

from scoring.thresholds import DEFAULT_COMMENT_K, DEFAULT_K, MIN_K
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
from .models.assessment import DISTRIBUTIONS, DRAFT

SECTORS = ("private", "public_sector", "charity", "healthcare", "education", "legal", "other")
#: Each "about you" question narrows the groups a respondent hides in, and the survey keeps
#: these answers in the respondent's cookie until they submit; a dozen is plenty for both.
MAX_SEGMENT_QUESTIONS = 12
#: The longest retention period a comms lead may set (ten years).
MAX_RETENTION_DAYS = 3650


class AssessmentError(ValueError):
    """The change cannot be made; the message says why in plain words, and ``field`` names
    the setting it concerns (None when it concerns the whole assessment)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


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


@dataclass(frozen=True)
class MissingText:
    """A text of an about-you question that has no translation in ``language``: respondents
    in that language read the default language's text instead."""

    question: str  #: the question's id
    option: str | None  #: the option's id, None for the question's own text
    language: str
    shown: str  #: the text shown instead, in the default language


def missing_texts(segments: list | None, languages) -> list[MissingText]:
    """Every about-you text ``segments`` lacks in one of ``languages`` (after the first)."""
    if not segments or not languages:
        return []
    default, *others = languages
    missing = []
    for question in segments:
        pieces = [(None, question.get("text") or {})]
        pieces += [(o.get("id"), o.get("labels") or {}) for o in question.get("options") or ()]
        for option, texts in pieces:
            for language in others:
                if not str(texts.get(language) or "").strip():
                    shown = str(texts.get(default) or "")
                    missing.append(MissingText(question.get("id", ""), option, language, shown))
    return missing


def with_fallbacks(segments: list, languages) -> list:
    """``segments`` with every missing translation filled by the default language's text, so
    that creating never fails for a language nobody translated yet (the preview flags them)."""
    if not segments or not languages:
        return segments
    default = languages[0]

    def filled(texts: dict) -> dict:
        texts = {lang: text for lang, text in (texts or {}).items() if str(text or "").strip()}
        fallback = texts.get(default, "")
        return texts | {lang: fallback for lang in languages if lang not in texts}

    return [
        question
        | {"text": filled(question.get("text") or {})}
        | {"options": [o | {"labels": filled(o.get("labels") or {})}
                       for o in question.get("options") or ()]}
        for question in segments
    ]


@functools.lru_cache(maxsize=64)
def _instrument(source: str, segments_json: str, languages: tuple[str, ...]) -> Instrument:
    instrument = parse_instrument(source)
    segments = json.loads(segments_json)
    if segments is not None:
        instrument = with_segments(instrument, with_fallbacks(segments, languages), languages)
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
    retention_days: int | None = None

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


def check_spec(spec: AssessmentSpec, instrument: Instrument) -> None:
    """AssessmentError when the settings cannot hold, whatever the assessment's stage."""
    if not spec.title.strip() or not spec.organisation.strip():
        raise AssessmentError(
            _("An assessment needs a title and an organisation."),
            "title" if not spec.title.strip() else "organisation",
        )
    if spec.sector not in SECTORS:
        raise AssessmentError(
            _("Sector must be one of: %(sectors)s.", sectors=", ".join(SECTORS)), "sector"
        )
    if spec.k < MIN_K:
        raise AssessmentError(_("The anonymity threshold cannot be below %(k)s.", k=MIN_K), "k")
    if spec.comment_k < spec.k:
        raise AssessmentError(
            _("The comment threshold cannot be below the anonymity threshold."), "comment_k"
        )
    if spec.headcount is not None and spec.headcount < 1:
        raise AssessmentError(_("Headcount must be a positive number."), "headcount")
    if spec.distribution not in DISTRIBUTIONS:
        raise AssessmentError(_("Distribution must be link, codes or both."), "distribution")
    if spec.retention_days is not None and not 1 <= spec.retention_days <= MAX_RETENTION_DAYS:
        raise AssessmentError(
            _("Keep the answers between 1 and %(n)s days after closing, or leave it empty to "
              "keep them until you delete the assessment.", n=MAX_RETENTION_DAYS),
            "retention_days",
        )
    if spec.opens_on and spec.closes_on and spec.closes_on < spec.opens_on:
        raise AssessmentError(_("The closing date is before the opening date."), "closes_on")
    unknown = [lang for lang in spec.languages if lang not in instrument.languages]
    if not spec.languages or unknown:
        raise AssessmentError(
            _("Choose languages from those of the instrument: %(languages)s.",
              languages=", ".join(instrument.languages)),
            "languages",
        )
    if spec.segments is not None and len(spec.segments) > MAX_SEGMENT_QUESTIONS:
        raise AssessmentError(
            _("Please keep to %(n)s “about you” questions at most: each one makes groups "
              "smaller and respondents easier to pick out.", n=MAX_SEGMENT_QUESTIONS),
            "segments",
        )
    if spec.module is not None and spec.module not in {m.id for m in instrument.modules}:
        raise AssessmentError(
            _("The instrument has no sector module “%(module)s”.", module=spec.module),
            "module",
        )


def create(spec: AssessmentSpec, instrument_source: str | None = None) -> Assessment:
    """Add a draft assessment of the given (or the default) instrument."""
    source = instrument_source or bundled_instrument_source()
    instrument = parse_instrument(source)
    check_spec(spec, instrument)
    if spec.segments is not None:  # validates them
        with_segments(instrument, with_fallbacks(spec.segments, spec.languages), spec.languages)
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


def duplicate(assessment: Assessment) -> Assessment:
    """A draft like `new_wave` but standing on its own: not linked to ``assessment`` for the
    trend (for another organisation or a separate survey)."""
    spec = AssessmentSpec.of(assessment)
    spec.title = _("%(title)s (copy)", title=assessment.title)[:200]
    spec.opens_on = spec.closes_on = None
    spec.previous_id = None
    copy = create(spec, assessment.instrument_source)
    record("assessment.duplicate", copy.id, original=assessment.id)
    return copy


def create_from_file(spec: AssessmentSpec, path: str | Path) -> Assessment:
    """Add a draft assessment of an organisation's own instrument file."""
    path = Path(path)
    return create(spec, path.read_text(encoding="utf-8"))


def response_count(assessment: Assessment) -> int:
    """Responses stored and submissions still sealed: everyone who has answered."""
    stored = db.session().scalar(
        select(func.count()).select_from(Response).where(Response.assessment_id == assessment.id)
    )
    return (stored or 0) + collection.waiting(assessment)


def fingerprint(assessment: Assessment) -> str:
    """A short digest of the frozen instrument, to tell waves of the same instrument apart."""
    return hashlib.sha256(assessment.instrument_source.encode()).hexdigest()[:16]
