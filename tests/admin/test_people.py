"""Staff accounts and the audit log."""

from readiness import db
from readiness.models import AuditEvent, User
from tests.admin.helpers import login, make_assessment, page_token
from tests.conftest import VIEWER_EMAIL, VIEWER_PASSWORD, make_user


def _invite(client, email, role="viewer"):
    return client.post(
        "/admin/users",
        data={"csrf_token": page_token(client, "/admin/users"), "email": email, "name": "",
              "role": role, "language": "en"},
    )


def test_an_invited_person_signs_in_with_the_password_they_chose(app, admin_client, smtp_sink):
    from tests.auth.helpers import OWN_PASSWORD, last_link_to, set_password

    response = _invite(admin_client, "ceo@example.org")
    assert response.status_code == 303
    set_password(app.test_client(), last_link_to(smtp_sink, "ceo@example.org"))
    login(app.test_client(), "ceo@example.org", OWN_PASSWORD)


def test_an_address_with_an_account_is_not_invited_twice(app, admin_client, smtp_sink):
    _invite(admin_client, "ceo@example.org")
    response = _invite(admin_client, "CEO@example.org")
    assert response.status_code == 400
    assert "There is already an account for ceo@example.org." in response.get_data(as_text=True)
    assert len(smtp_sink.to("ceo@example.org")) == 1


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


def test_changes_are_in_the_audit_log_with_who_and_what(app, admin_client, smtp_sink):
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


def test_the_people_page_names_each_role_in_the_readers_language(app, admin_client, smtp_sink):
    _invite(admin_client, "cfo@example.org")

    page = admin_client.get("/admin/users", headers={"Accept-Language": "fr"})

    text = page.get_data(as_text=True)
    assert "<td>Direction</td>" in text and "<td>Responsable communication</td>" in text
    assert ">viewer<" not in text and ">admin<" not in text
