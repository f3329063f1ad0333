"""The PDF cover gives the days the survey really ran, not the ones it was planned for."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pypdf
import pytest

from readiness import db
from readiness.models import Assessment
from readiness.results import document_for
from reports import build_pdf
from tests.admin.helpers import add_responses, make_assessment

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py


def test_a_survey_closed_early_shows_the_day_it_closed_on_the_cover(app):
    planned_close = date.today() + timedelta(days=20)
    assessment_id = make_assessment(app, status="open", opens_on=date(2026, 11, 2),
                                    closes_on=planned_close)
    add_responses(app, assessment_id, {"it": 12, "sales": 12})
    with app.app_context(), db.writing() as session:
        from readiness.lifecycle import close

        assessment = session.get(Assessment, assessment_id)
        close(assessment, today=date(2026, 11, 20))
    with app.app_context():
        document = document_for(db.session().get(Assessment, assessment_id), "en")
    assert document["assessment"]["closes_on"] == "2026-11-20"
    cover = pypdf.PdfReader(io.BytesIO(build_pdf(document))).pages[0].extract_text()
    assert "2 November 2026" in cover and "20 November 2026" in cover
    assert f"{planned_close.day} {planned_close:%B %Y}" not in cover
