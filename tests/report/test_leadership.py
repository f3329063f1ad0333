"""Leadership reads the results it was given, and nothing else; report links expire and revoke."""

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from readiness import db
from readiness.models import ReportLink
from tests.admin.helpers import (
    add_responses,
    grant_viewer,
    login,
    make_assessment,
    make_report_link,
    page_token,
)
from tests.conftest import VIEWER_EMAIL, VIEWER_PASSWORD, make_user

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py


@pytest.fixture
def two_assessments(app):
    granted = make_assessment(app, status="closed", title="Granted survey")
    other = make_assessment(app, status="closed", title="Other survey")
    for assessment_id in (granted, other):
        add_responses(app, assessment_id, {"sales": 12, "ops": 9})
    return granted, other


@pytest.fixture
def viewer(app, two_assessments):
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    grant_viewer(app, two_assessments[0], viewer_id)
    return login(app.test_client(), VIEWER_EMAIL, VIEWER_PASSWORD)


def test_a_viewer_lists_and_reads_only_granted_assessments(viewer, two_assessments):
    granted, other = two_assessments
    index = viewer.get("/report/").get_data(as_text=True)
    assert "Granted survey" in index and "Other survey" not in index
    page = viewer.get(f"/report/{granted}")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "Readiness index" in page.get_data(as_text=True)
    assert viewer.get(f"/report/{other}").status_code == 404
    assert viewer.get(f"/report/{other}/report.pdf").status_code == 404


def test_a_viewer_reaches_nothing_in_the_console(viewer, two_assessments):
    granted, _ = two_assessments
    for path in ("/admin/", f"/admin/assessments/{granted}/results",
                 f"/admin/assessments/{granted}/responses.csv"):
        assert viewer.get(path).status_code == 403, path


def test_results_pages_carry_charts_with_text_alternatives_and_tables(viewer, two_assessments):
    page = viewer.get(f"/report/{two_assessments[0]}").get_data(as_text=True)
    assert page.count("<svg") >= 3
    assert "<figcaption" in page and "Show the figures as a table" in page
    assert "<script" not in page


def test_the_pdf_downloads_as_an_attachment_with_a_safe_name(viewer, two_assessments):
    response = viewer.get(f"/report/{two_assessments[0]}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="readiness-granted-survey-report.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages[:2])
    assert "Granted survey" in text or "Acme" in text


def test_below_k_the_results_say_so_and_show_no_figures(app, admin_client):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 3})
    page = admin_client.get(f"/admin/assessments/{assessment_id}/results").get_data(as_text=True)
    assert "Not enough answers to show results yet" in page
    assert "<svg" not in page and "Readiness index" not in page


def test_below_k_the_results_page_offers_no_report_to_download(app, admin_client):
    """A PDF or slides button above 'Not enough answers' only leads to a file saying so."""
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 3})
    page = admin_client.get(f"/admin/assessments/{assessment_id}/results").get_data(as_text=True)
    assert "Not enough answers to show results yet" in page
    assert "Download the PDF report" not in page and "results.pdf" not in page
    assert "Download the slides" not in page and "results.pptx" not in page


def test_a_report_link_shows_one_assessment_and_no_way_to_change_anything(app, two_assessments):
    granted, other = two_assessments
    _, token = make_report_link(app, granted)
    client = app.test_client()
    page = client.get(f"/report/link/{token}")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert "Granted survey" in html and "Other survey" not in html
    assert "<form" not in html and "/admin/" not in html
    assert client.get(f"/report/{other}").status_code == 302  # ids need a signed-in viewer
    assert client.get(f"/report/{granted}").status_code == 302
    assert client.get(f"/report/link/{token}x").status_code == 404


def test_a_report_link_stops_working_when_it_expires(app, two_assessments):
    link_id, token = make_report_link(app, two_assessments[0])
    with app.app_context(), db.writing() as session:
        link = session.get(ReportLink, link_id)
        link.expires_at = link.expires_at - timedelta(days=31)
    assert app.test_client().get(f"/report/link/{token}").status_code == 404
    assert app.test_client().get(f"/report/link/{token}/report.pdf").status_code == 404


def test_a_revoked_report_link_stops_working_at_once(app, admin_client, two_assessments):
    granted = two_assessments[0]
    url = f"/admin/assessments/{granted}/access"
    response = admin_client.post(
        f"{url}/links", data={"csrf_token": page_token(admin_client, url), "label": "Board",
                              "days": "30"}
    )
    link_url = re.search(r'id="new-link"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    token = link_url.group(1).rsplit("/", 1)[1]
    assert len(token) >= 22  # at least 128 bits
    assert token not in admin_client.get(url).get_data(as_text=True)  # shown once
    reader = app.test_client()
    assert reader.get(f"/report/link/{token}").status_code == 200
    with app.app_context():
        link_id = db.session().query(ReportLink).one().id
        assert db.session().query(ReportLink).one().token_hash != token
    admin_client.post(f"{url}/links/{link_id}/revoke",
                      data={"csrf_token": page_token(admin_client, url)})
    assert reader.get(f"/report/link/{token}").status_code == 404
