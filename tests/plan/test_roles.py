"""Who may see and change the plan, on every route: the comms lead everything; a viewer granted
the assessment reads it (and changes it only when the comms lead allowed viewers to); a viewer
not granted, a report link not allowed and anyone signed out see nothing (404 or sign-in)."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, VIEWER_EMAIL, VIEWER_PASSWORD, csrf_token
from tests.plan.conftest import OTHER_VIEWER, allow_viewers_to_edit

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

READ = ["/plan/{wave}", "/plan/{wave}/plan.csv", "/plan/{wave}/plan.ics"]
EDIT_PAGES = ["/plan/{wave}/actions/new", "/plan/{wave}/actions/{action}"]
EDIT_POSTS = ["/plan/{wave}/adopt", "/plan/{wave}/actions/new", "/plan/{wave}/actions/{action}"]
SETTINGS = "/plan/{wave}/settings"
LINK = ["/plan/link/{token}", "/plan/link/{token}/plan.csv", "/plan/link/{token}/plan.ics"]


def _urls(templates, scene, token=None):
    return [t.format(wave=scene.wave, action=scene.action, token=token) for t in templates]


def _sign_in(auth, who: str):
    emails = {"admin": (ADMIN_EMAIL, ADMIN_PASSWORD), "viewer": (VIEWER_EMAIL, VIEWER_PASSWORD),
              "other": (OTHER_VIEWER, VIEWER_PASSWORD)}
    response = auth.login(*emails[who])
    assert response.status_code == 302


@pytest.mark.parametrize("url", READ + EDIT_PAGES + [SETTINGS])
def test_the_comms_lead_opens_every_page(client, auth, scene, url):
    _sign_in(auth, "admin")
    assert client.get(url.format(wave=scene.wave, action=scene.action)).status_code == 200


@pytest.mark.parametrize("url", READ)
def test_a_granted_viewer_reads_the_plan(client, auth, scene, url):
    _sign_in(auth, "viewer")
    assert client.get(url.format(wave=scene.wave)).status_code == 200


def test_a_granted_viewer_is_not_offered_changes_unless_allowed(client, auth, scene):
    _sign_in(auth, "viewer")
    page = client.get(f"/plan/{scene.wave}").get_data(as_text=True)
    assert "Add your own action" not in page and "Adopt" not in page
    assert "The comms lead decides who may change it" in page


@pytest.mark.parametrize("url", EDIT_PAGES + [SETTINGS])
def test_a_granted_viewer_may_not_open_the_editing_pages(client, auth, scene, url):
    _sign_in(auth, "viewer")
    assert client.get(url.format(wave=scene.wave, action=scene.action)).status_code == 403


@pytest.mark.parametrize("url", EDIT_POSTS + [SETTINGS])
def test_a_granted_viewer_may_not_change_the_plan(client, auth, scene, url):
    _sign_in(auth, "viewer")
    response = client.post(url.format(wave=scene.wave, action=scene.action),
                           data={"title": "Taken over", "recommendation_id": "x",
                                 "csrf_token": csrf_token(client, "/auth/account")})
    assert response.status_code == 403


@pytest.mark.parametrize("url", EDIT_PAGES)
def test_a_viewer_allowed_to_edit_opens_the_editing_pages(app, client, auth, scene, url):
    allow_viewers_to_edit(app, scene.wave)
    _sign_in(auth, "viewer")
    assert client.get(url.format(wave=scene.wave, action=scene.action)).status_code == 200
    assert client.get(SETTINGS.format(wave=scene.wave)).status_code == 403


def test_a_viewer_allowed_to_edit_changes_an_action(app, client, auth, scene):
    from tests.plan.helpers import post

    allow_viewers_to_edit(app, scene.wave)
    _sign_in(auth, "viewer")
    url = f"/plan/{scene.wave}/actions/{scene.action}"
    response = post(client, url, {"title": "Brief every manager", "status": "in_progress"})
    assert response.status_code == 302
    assert "Brief every manager" in client.get(f"/plan/{scene.wave}").get_data(as_text=True)


@pytest.mark.parametrize("url", READ + EDIT_PAGES + [SETTINGS])
def test_a_viewer_not_granted_finds_nothing(client, auth, scene, url):
    _sign_in(auth, "other")
    assert client.get(url.format(wave=scene.wave, action=scene.action)).status_code == 404


@pytest.mark.parametrize("url", EDIT_POSTS + [SETTINGS])
def test_a_viewer_not_granted_changes_nothing(client, auth, scene, url):
    _sign_in(auth, "other")
    response = client.post(url.format(wave=scene.wave, action=scene.action),
                           data={"csrf_token": csrf_token(client, "/auth/account")})
    assert response.status_code == 404


@pytest.mark.parametrize("url", READ + EDIT_PAGES + [SETTINGS])
def test_signed_out_visitors_are_sent_to_sign_in(client, scene, url):
    response = client.get(url.format(wave=scene.wave, action=scene.action))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("url", EDIT_POSTS + [SETTINGS])
def test_signed_out_visitors_change_nothing(client, scene, url):
    response = client.post(url.format(wave=scene.wave, action=scene.action), data={})
    assert response.status_code in (302, 400)
    assert response.status_code == 400 or "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("url", LINK)
def test_a_report_link_allowed_to_reads_the_plan(client, scene, url):
    response = client.get(url.format(token=scene.allowed_token))
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_report_link_reads_but_is_offered_no_changes(client, scene):
    page = client.get(f"/plan/link/{scene.allowed_token}").get_data(as_text=True)
    assert "Brief the managers" in page
    assert "Add your own action" not in page and "Change<" not in page


@pytest.mark.parametrize("url", LINK)
def test_a_report_link_not_allowed_finds_nothing(client, scene, url):
    assert client.get(url.format(token=scene.plain_token)).status_code == 404


@pytest.mark.parametrize("url", LINK)
def test_a_made_up_link_finds_nothing(client, scene, url):
    assert client.get(url.format(token="x" * 43)).status_code == 404


def test_a_revoked_link_no_longer_shows_the_plan(app, client, scene):
    from readiness import db, report_links

    with app.app_context(), db.writing():
        report_links.revoke(report_links.active(scene.allowed_token))
    assert client.get(f"/plan/link/{scene.allowed_token}").status_code == 404


def test_the_results_page_of_an_allowed_link_leads_to_the_plan(client, scene):
    page = client.get(f"/report/link/{scene.allowed_token}").get_data(as_text=True)
    assert f'href="/plan/link/{scene.allowed_token}"' in page


def test_the_results_page_of_a_link_not_allowed_does_not_mention_the_plan(client, scene):
    page = client.get(f"/report/link/{scene.plain_token}").get_data(as_text=True)
    assert "/plan/" not in page


def test_a_granted_viewers_results_page_leads_to_the_plan(client, auth, scene):
    _sign_in(auth, "viewer")
    page = client.get(f"/report/{scene.wave}").get_data(as_text=True)
    assert f'href="/plan/{scene.wave}"' in page


def test_an_action_of_another_assessment_is_not_found_through_this_one(app, client, auth,
                                                                       scene):
    from tests.plan.helpers import closed_wave

    other = closed_wave(app, people=12, seed=9)
    _sign_in(auth, "admin")
    assert client.get(f"/plan/{other}/actions/{scene.action}").status_code == 404


def test_the_way_in_from_the_results_says_see_to_readers_and_turn_to_editors(client, auth,
                                                                            scene, app):
    _sign_in(auth, "viewer")
    results = client.get(f"/report/{scene.wave}").get_data(as_text=True)
    assert "See the action plan" in results
    assert "Turn these actions into a tracked plan" not in results
    allow_viewers_to_edit(app, scene.wave)
    results = client.get(f"/report/{scene.wave}").get_data(as_text=True)
    assert "Turn these actions into a tracked plan" in results
