"""Fixtures for the custom question types: the pulse instrument (the default instrument with
three custom pages) and surveys of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness import assessments, db, lifecycle
from surveys.loader import BUNDLED_DIRECTORY, instrument_from_text
from surveys.model import Instrument

HERE = Path(__file__).parent


def pulse_source(extra: str = "") -> str:
    """The default instrument's file with the pulse pages appended (and ``extra`` after them)."""
    default = (BUNDLED_DIRECTORY / "social_media_readiness_v1.toml").read_text("utf-8")
    default = default.replace('id = "social-media-readiness"', 'id = "pulse"', 1)
    return f"{default}\n{(HERE / 'pulse_pages.toml').read_text('utf-8')}\n{extra}"


@pytest.fixture(scope="session")
def pulse() -> Instrument:
    return instrument_from_text(pulse_source(), "pulse.toml")


def make_pulse_survey(app, *, source: str | None = None, k: int = 5, status: str = "open",
                      languages=("en", "de", "fr"), **spec) -> str:
    """An assessment asking the pulse instrument (or ``source``); its public id."""
    with app.app_context(), db.writing():
        assessment = assessments.create(
            assessments.AssessmentSpec(
                title="Pulse",
                organisation="Northwind Trading",
                languages=tuple(languages),
                k=k,
                **spec,
            ),
            instrument_source=source or pulse_source(),
        )
        if status in ("open", "closed"):
            lifecycle.open_(assessment)
        if status == "closed":
            lifecycle.close(assessment)
        return assessment.public_id


def make_pulse_assessment(app, *, source: str | None = None, k: int = 5) -> int:
    """A draft assessment of the pulse instrument (or ``source``) to import into; its id."""
    with app.app_context(), db.writing():
        assessment = assessments.create(
            assessments.AssessmentSpec(title="Pulse", organisation="Northwind Trading",
                                       languages=("en", "de", "fr"), k=k),
            instrument_source=source or pulse_source(),
        )
        return assessment.id
