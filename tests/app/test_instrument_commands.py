"""Bringing an organisation's own instrument: validate it, then create an assessment from it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from readiness import db
from readiness.assessments import bundled_instrument_source
from readiness.models import Assessment


def _count(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Assessment))


def test_validate_instrument_accepts_the_bundled_file(runner, tmp_path):
    path = tmp_path / "own.toml"
    path.write_text(bundled_instrument_source())
    result = runner.invoke(args=["validate-instrument", str(path)])
    assert result.exit_code == 0, result.output
    assert "is valid" in result.output and "30 core items" in result.output


def test_validate_instrument_names_the_broken_entry(runner, tmp_path):
    path = tmp_path / "broken.toml"
    source = bundled_instrument_source()
    path.write_text(source.replace('dimension = "ownership"', 'dimension = "owner"', 1))
    result = runner.invoke(args=["validate-instrument", str(path)])
    assert result.exit_code != 0
    assert "broken.toml" in result.output
    assert 'unknown dimension "owner"' in result.output


def test_create_assessment_from_an_own_instrument_file_freezes_its_text(app, runner, tmp_path):
    own = bundled_instrument_source().replace('version = "1"', 'version = "7"', 1)
    path = tmp_path / "own.toml"
    path.write_text(own)
    result = runner.invoke(
        args=["create-assessment", "--title", "Pilot", "--organisation", "Acme",
              "--instrument-file", str(path), "--language", "en", "--language", "de", "--open"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assessment = db.session().scalar(select(Assessment))
        assert assessment.instrument_version == "7"
        assert assessment.instrument_source == own
        assert assessment.status == "open"
        assert assessment.languages == ["en", "de"]
    path.write_text("changed later")  # the assessment keeps what it was created with
    assert app.test_client().get(f"/s/{assessment.public_id}").status_code == 200


def test_create_assessment_with_a_broken_file_creates_nothing(app, runner, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(bundled_instrument_source().replace("points = 5", "points = 3", 1))
    result = runner.invoke(
        args=["create-assessment", "--title", "Pilot", "--organisation", "Acme",
              "--instrument-file", str(path)]
    )
    assert result.exit_code != 0
    assert "scale" in result.output
    assert _count(app) == 0


def test_more_than_twelve_about_you_questions_are_refused_plainly(app):
    from readiness.assessments import AssessmentError, AssessmentSpec, create

    questions = [
        {"id": f"q{n}", "text": {"en": f"Question {n}"},
         "options": [{"id": "a", "labels": {"en": "A"}}, {"id": "b", "labels": {"en": "B"}}]}
        for n in range(13)
    ]
    spec = AssessmentSpec(title="t", organisation="o", segments=questions)
    with app.app_context():
        with pytest.raises(AssessmentError, match="12"):
            create(spec)
        create(AssessmentSpec(title="t", organisation="o", segments=questions[:12]))
