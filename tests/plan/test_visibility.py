"""Who sees "What changed since the plan": the same readers as the released trend (the earlier
wave under its own release rules), and the settings that let leadership change the plan."""

from __future__ import annotations

from sqlalchemy import select

from readiness import access, db, plans, report_links
from readiness.models import Assessment, AuditEvent, User
from tests.conftest import VIEWER_EMAIL, VIEWER_PASSWORD
from tests.plan.helpers import closed_wave, next_wave, post

TITLE = "Brief the managers"


def _measured_plan(app) -> tuple[int, int]:
    first = closed_wave(app, people=12)
    with app.app_context(), db.writing() as session:
        plans.add(session.get(Assessment, first), {"title": TITLE, "status": "done",
                                                   "dimension": "ownership"})
    return first, next_wave(app, first, people=12)


def _grant(app, viewer: int, *waves: int) -> None:
    with app.app_context(), db.writing() as session:
        for wave in waves:
            access.grant(session.get(Assessment, wave), session.get(User, viewer))


def test_a_viewer_granted_both_waves_reads_the_section(app, client, auth):
    viewer = auth.viewer()
    first, second = _measured_plan(app)
    _grant(app, viewer, first, second)
    auth.login(VIEWER_EMAIL, VIEWER_PASSWORD)
    page = client.get(f"/report/{second}").get_data(as_text=True)
    assert "What changed since the plan" in page and f"{TITLE} (Done)" in page


def test_a_viewer_granted_only_the_new_wave_sees_neither_trend_nor_plan(app, client, auth):
    viewer = auth.viewer()
    first, second = _measured_plan(app)
    _grant(app, viewer, second)
    auth.login(VIEWER_EMAIL, VIEWER_PASSWORD)
    page = client.get(f"/report/{second}").get_data(as_text=True)
    assert "What changed since the plan" not in page and TITLE not in page


def test_a_report_link_to_the_new_wave_shows_no_earlier_plan(app, client):
    _first, second = _measured_plan(app)
    with app.app_context(), db.writing() as session:
        _link, token = report_links.create(session.get(Assessment, second), "Board", 30)
    page = client.get(f"/report/link/{token}").get_data(as_text=True)
    assert "What changed since the plan" not in page and TITLE not in page


def test_the_json_download_keeps_its_documented_shape(app, admin_client):
    _first, second = _measured_plan(app)
    document = admin_client.get(f"/admin/assessments/{second}/results.json").get_json()
    assert "plan_change" not in document


def test_the_comms_lead_lets_viewers_edit_and_a_link_show_the_plan(app, admin_client):
    wave = closed_wave(app, people=12)
    with app.app_context(), db.writing() as session:
        link, _token = report_links.create(session.get(Assessment, wave), "Board", 30)
        link_id = link.id
    response = post(admin_client, f"/plan/{wave}/settings",
                    {"viewers_may_edit": "y", "links": str(link_id)})
    assert response.status_code == 302
    with app.app_context():
        assessment = db.session().get(Assessment, wave)
        assert plans.settings_of(assessment).viewers_may_edit
        assert plans.links_showing_plan(assessment) == {link_id}
        event = db.session().scalar(select(AuditEvent).where(AuditEvent.action == "plan.settings"))
        assert event.detail == {"viewers_may_edit": True, "links": [link_id]}


def test_a_link_of_another_assessment_cannot_be_allowed(app, admin_client):
    wave, other = closed_wave(app, people=12), closed_wave(app, people=12, seed=8)
    with app.app_context(), db.writing() as session:
        link, _token = report_links.create(session.get(Assessment, other), "Elsewhere", 30)
        link_id = link.id
    response = post(admin_client, f"/plan/{wave}/settings", {"links": str(link_id)})
    assert response.status_code == 400
    with app.app_context():
        assert plans.links_showing_plan(db.session().get(Assessment, other)) == set()
