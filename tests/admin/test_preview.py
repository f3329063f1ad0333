"""The preview is the respondent's own page, in any offered language, and stores nothing."""

import pytest

from tests.admin.helpers import make_assessment, page_token, snapshot

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py


def test_the_preview_shows_the_respondents_pages_in_order(app, admin_client):
    assessment_id = make_assessment(app)
    base = f"/admin/assessments/{assessment_id}/preview"
    landing = admin_client.get(base).get_data(as_text=True)
    assert "What we never keep" in landing  # the respondents' own welcome page
    about = admin_client.get(f"{base}/about").get_data(as_text=True)
    assert "Which team?" in about and "Prefer not to say" in about
    assert "So we can see whether some parts of the organisation" in about  # why it is asked
    german = admin_client.get(f"{base}/leadership_presence?language=de").get_data(as_text=True)
    assert "Stimme voll und ganz zu" in german


def test_next_and_back_only_move_between_preview_pages(app, admin_client):
    assessment_id = make_assessment(app)
    base = f"/admin/assessments/{assessment_id}/preview"
    before = snapshot(app)
    token = page_token(admin_client, f"{base}/about")
    moved = admin_client.post(f"{base}/about", data={
        "csrf_token": token, "nav": "next", "segment_department": "sales",
    })
    pages = _pages(app, assessment_id)
    after, before_about = pages[pages.index("about") + 1], pages[pages.index("about") - 1]
    assert moved.status_code == 302
    assert moved.headers["Location"].endswith(f"{base}/{after}?language=en")
    back = admin_client.post(f"{base}/about", data={"csrf_token": token, "nav": "back"})
    assert back.headers["Location"].endswith(f"{base}/{before_about}?language=en")
    first = admin_client.post(f"{base}/{pages[0]}", data={"csrf_token": token, "nav": "back"})
    assert first.headers["Location"].endswith(f"{base}?language=en")
    assert snapshot(app) == before


def _pages(app, assessment_id):
    from readiness import db
    from readiness.assessments import instrument_of
    from readiness.models import Assessment
    from surveys.pages import page_sequence

    with app.app_context():
        return page_sequence(instrument_of(db.session().get(Assessment, assessment_id)))


def test_an_unknown_preview_page_is_not_found(app, admin_client):
    assessment_id = make_assessment(app)
    assert admin_client.get(f"/admin/assessments/{assessment_id}/preview/nope").status_code == 404
