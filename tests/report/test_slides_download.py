"""The slides download wherever the PDF does, released and audited as "pptx"."""

import io

import pytest
from pptx import Presentation
from sqlalchemy import select

from readiness import db
from readiness.models import AuditEvent
from tests.admin.helpers import (
    add_responses,
    grant_viewer,
    login,
    make_assessment,
    make_report_link,
)
from tests.conftest import VIEWER_EMAIL, VIEWER_PASSWORD, make_user

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@pytest.fixture
def closed(app):
    assessment_id = make_assessment(app, status="closed", title="Granted survey")
    add_responses(app, assessment_id, {"sales": 12, "ops": 9})
    return assessment_id


def slides_of(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == PPTX
    deck = Presentation(io.BytesIO(response.data))
    return ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            for slide in deck.slides]


def releases(app, assessment_id: int) -> list[str]:
    with app.app_context():
        events = db.session().scalars(select(AuditEvent).where(
            AuditEvent.action == "results.release",
            AuditEvent.assessment_id == assessment_id)).all()
        return [event.detail.get("output") for event in events]


def test_the_comms_lead_downloads_the_slides_and_the_release_is_audited(app, admin_client,
                                                                         closed):
    response = admin_client.get(f"/admin/assessments/{closed}/results.pptx")
    slides = slides_of(response)
    assert 6 <= len(slides) <= 10
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="readiness-granted-survey-slides.pptx"')
    assert response.headers["Cache-Control"] == "no-store"
    assert releases(app, closed) == ["pptx"]


def test_the_slides_come_in_the_language_asked_for(admin_client, closed):
    slides = slides_of(admin_client.get(f"/admin/assessments/{closed}/results.pptx?language=de"))
    assert "Bereitschaftsindex" in slides[0]


def test_the_results_page_offers_the_slides_beside_the_pdf(admin_client, closed):
    page = admin_client.get(f"/admin/assessments/{closed}/results?language=fr")
    html = page.get_data(as_text=True)
    assert f'href="/admin/assessments/{closed}/results.pptx?language=fr"' in html
    assert f'href="/admin/assessments/{closed}/results.pdf?language=fr"' in html


def test_a_granted_viewer_downloads_the_slides_and_no_other(app, closed):
    other = make_assessment(app, status="closed", title="Other survey")
    add_responses(app, other, {"sales": 12})
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    grant_viewer(app, closed, viewer_id)
    viewer = login(app.test_client(), VIEWER_EMAIL, VIEWER_PASSWORD)
    assert len(slides_of(viewer.get(f"/report/{closed}/report.pptx"))) >= 6
    assert f'href="/report/{closed}/report.pptx?language=en"' in viewer.get(
        f"/report/{closed}").get_data(as_text=True)
    assert viewer.get(f"/report/{other}/report.pptx").status_code == 404
    assert viewer.get(f"/admin/assessments/{closed}/results.pptx").status_code == 403


def test_a_report_link_gives_the_slides_without_a_referrer(app, closed):
    _, token = make_report_link(app, closed)
    client = app.test_client()
    response = client.get(f"/report/link/{token}/report.pptx")
    assert len(slides_of(response)) >= 6
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert f"/report/link/{token}/report.pptx" in client.get(
        f"/report/link/{token}").get_data(as_text=True)
    assert client.get("/report/link/not-a-token/report.pptx").status_code == 404


def test_signed_out_nobody_gets_slides(app, closed):
    response = app.test_client().get(f"/report/{closed}/report.pptx")
    assert response.status_code in (302, 401)


def test_while_the_survey_collects_answers_no_slides_leave(app, admin_client):
    open_one = make_assessment(app, status="open")
    response = admin_client.get(f"/admin/assessments/{open_one}/results.pptx")
    assert response.status_code == 409
    assert releases(app, open_one) == []


def test_below_k_the_slides_show_no_figures(app, admin_client):
    few = make_assessment(app, status="closed")
    add_responses(app, few, {"sales": 3})
    slides = slides_of(admin_client.get(f"/admin/assessments/{few}/results.pptx"))
    assert len(slides) == 2 and "Not enough answers" in slides[1]


def test_the_slides_command_writes_the_demo_deck(app, runner, tmp_path):
    runner.invoke(args=["seed-demo"])
    output = tmp_path / "out" / "demo.pptx"
    result = runner.invoke(args=["slides", "demo", "--output", str(output), "--language", "de"])
    assert result.exit_code == 0, result.output
    deck = Presentation(str(output))
    assert 6 <= len(deck.slides) <= 10
    texts = [shape.text_frame.text for shape in deck.slides[2].shapes if shape.has_text_frame]
    assert texts[0].startswith("Was Sie zurückhält")


def test_the_slides_command_refuses_while_the_survey_collects_answers(app, runner, tmp_path):
    open_one = make_assessment(app, status="open")
    output = tmp_path / "x.pptx"
    result = runner.invoke(args=["slides", str(open_one), "--output", str(output)])
    assert result.exit_code != 0 and not output.exists()
    assert releases(app, open_one) == []
