"""Staff accounts and the audit log."""

import re

from readiness import db
from readiness.models import AuditEvent, User
from tests.admin.helpers import login, make_assessment, page_token
from tests.conftest import VIEWER_EMAIL, VIEWER_PASSWORD, make_user

PASSWORD = re.compile(r'<span class="one-time">([^<]+)</span>')


def _invite(client, email, role="viewer"):
    return client.post(
        "/admin/users",
        data={"csrf_token": page_token(client, "/admin/users"), "email": email, "name": "",
              "role": role},
    )


def test_an_invited_person_signs_in_with_the_password_shown_once(app, admin_client):
    response = _invite(admin_client, "ceo@example.org")
    assert response.status_code == 200
    password = PASSWORD.search(response.get_data(as_text=True)).group(1)
    assert password not in admin_client.get("/admin/users").get_data(as_text=True)
    login(app.test_client(), "ceo@example.org", password)


def test_a_password_reset_signs_the_person_out_everywhere(app, admin_client):
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    viewer = login(app.test_client(), VIEWER_EMAIL, VIEWER_PASSWORD)
    assert viewer.get("/report/").status_code == 200
    response = admin_client.post(
        f"/admin/users/{viewer_id}/reset",
        data={"csrf_token": page_token(admin_client, "/admin/users")},
    )
    new_password = PASSWORD.search(response.get_data(as_text=True)).group(1)
    assert viewer.get("/report/").status_code == 302  # the old session no longer works
    login(app.test_client(), VIEWER_EMAIL, new_password)


def test_an_admin_cannot_remove_their_own_account(app, admin_client):
    with app.app_context():
        own = db.session().query(User).one()
        own_id = own.id
    admin_client.post(
        f"/admin/users/{own_id}/remove",
        data={"csrf_token": page_token(admin_client, "/admin/users")},
    )
    with app.app_context():
        assert db.session().get(User, own_id) is not None


def test_removing_a_viewer_deletes_the_account(app, admin_client):
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    admin_client.post(
        f"/admin/users/{viewer_id}/remove",
        data={"csrf_token": page_token(admin_client, "/admin/users")},
    )
    with app.app_context():
        assert db.session().get(User, viewer_id) is None


def test_changes_are_in_the_audit_log_with_who_and_what(app, admin_client):
    assessment_id = make_assessment(app)
    url = f"/admin/assessments/{assessment_id}"
    admin_client.post(f"{url}/open", data={"csrf_token": page_token(admin_client, url)})
    _invite(admin_client, "cfo@example.org")
    with app.app_context():
        actions = {(e.action, e.actor) for e in db.session().query(AuditEvent)}
    assert ("assessment.open", "lead@example.org") in actions
    assert ("user.invite", "lead@example.org") in actions
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Opened the survey" in page and "Spring survey" in page
    # Plain words, not the codes the database keeps.
    assert "Invited someone" in page and "E-mail: cfo@example.org; Role: Leadership" in page
    assert "assessment.open" not in page and "user.invite" not in page


def test_the_audit_log_names_changed_settings_as_the_form_does(app):
    from readiness.admin.people import describe, details

    assert describe("assessment.update") == "Changed the assessment's settings"
    assert describe("made.up") == "made.up"  # an action this version does not know, as it is
    with app.test_request_context():
        shown = details({"fields": ["closes_on", "instrument_id", "instrument_source", "k"]})
    assert shown == [("What changed", "Closes on, Questionnaire, "
                      "Anonymity threshold (smallest group shown)")]


def test_the_audit_log_reads_in_the_comms_leads_language(app, admin_client):
    assessment_id = make_assessment(app)
    url = f"/admin/assessments/{assessment_id}"
    admin_client.post(f"{url}/open", data={"csrf_token": page_token(admin_client, url)})

    page = admin_client.get("/admin/audit", headers={"Accept-Language": "de"})

    text = page.get_data(as_text=True)
    assert "Umfrage geöffnet" in text and "Befragung angelegt" in text
    assert "Opened the survey" not in text


def test_the_people_page_names_each_role_in_the_readers_language(app, admin_client):
    _invite(admin_client, "cfo@example.org")

    page = admin_client.get("/admin/users", headers={"Accept-Language": "fr"})

    text = page.get_data(as_text=True)
    assert "<td>Direction</td>" in text and "<td>Responsable communication</td>" in text
    assert ">viewer<" not in text and ">admin<" not in text
