"""Every console page renders for an admin, from draft to closed with results."""

import pytest

from tests.admin.helpers import add_responses, make_assessment

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py


def test_console_pages_render_for_an_assessment_with_results(app, admin_client):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 20, "ops": 12, "legal": 2})
    for path in ("", "/edit", "/preview", "/preview/about", "/share", "/progress",
                 "/progress.json", "/results", "/data", "/access"):
        response = admin_client.get(f"/admin/assessments/{assessment_id}{path}")
        assert response.status_code == 200, (path, response.status_code)
    for path in ("/admin/", "/admin/users", "/admin/audit", "/admin/assessments/new"):
        assert admin_client.get(path).status_code == 200, path


def test_the_overview_gives_the_days_it_really_opened_and_closed(app, admin_client):
    """Issue 20: a closed survey without planned dates said 'opens when you press Open'."""
    from datetime import date

    from readiness import db, lifecycle
    from readiness.models import Assessment
    from tests.admin.helpers import make_assessment

    assessment_id = make_assessment(app)
    with app.app_context(), db.writing() as session:
        found = session.get(Assessment, assessment_id)
        lifecycle.open_(found, date(2026, 11, 2))
        lifecycle.close(found, date(2026, 11, 20))
    page = admin_client.get(f"/admin/assessments/{assessment_id}").get_data(as_text=True)
    assert "November 2, 2026 – November 20, 2026" in page
    assert "when you press" not in page


def test_dates_follow_the_browsers_territory(app, admin_client):
    """Issue 20: an en-GB browser reads 5 December 2026, an en-US one December 5, 2026; the
    console's language stays English either way."""
    from datetime import date

    from readiness import db, lifecycle
    from readiness.models import Assessment

    assessment_id = make_assessment(app)
    with app.app_context(), db.writing() as session:
        found = session.get(Assessment, assessment_id)
        lifecycle.open_(found, date(2026, 12, 5))
        lifecycle.close(found, date(2026, 12, 20))
    url = f"/admin/assessments/{assessment_id}"
    british = admin_client.get(url, headers={"Accept-Language": "en-GB,en;q=0.9"})
    american = admin_client.get(url, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "5 December 2026 – 20 December 2026" in british.get_data(as_text=True)
    assert "December 5, 2026 – December 20, 2026" in american.get_data(as_text=True)
    assert '<html lang="en">' in british.get_data(as_text=True)
    swiss = admin_client.get(url, headers={"Accept-Language": "de-CH,de;q=0.9"})
    assert "5. Dezember 2026" in swiss.get_data(as_text=True)
