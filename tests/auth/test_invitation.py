"""Inviting a console user sends them a link to choose their own password (issue 19): nobody
else ever sees or sets it, the link works once and for a week, and every step is audited."""

from __future__ import annotations

from sqlalchemy import select

from readiness import db
from readiness.models import AuditEvent, User
from tests.admin.helpers import login
from tests.auth.helpers import (
    OWN_PASSWORD,
    forgot,
    html_of,
    invite,
    last_link_to,
    link_in,
    set_password,
    text_of,
)
from tests.conftest import CSRF, csrf_token


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session().scalar(select(User).where(User.email == email))
        db.session().expunge(user)
        return user


def _audit(app) -> list[tuple[str, str, dict]]:
    with app.app_context():
        events = db.session().scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(event.action, event.actor, event.detail) for event in events]


def test_an_invitation_arrives_by_mail_with_a_link_to_choose_a_password(
        app, admin_client, smtp_sink):
    response = invite(admin_client, "ceo@example.org", name="Dana Scully")

    assert response.status_code == 303 and response.headers["Location"] == "/admin/users"
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert "We sent ceo@example.org an invitation" in page
    assert "has not chosen a password yet" in page
    [message] = smtp_sink.to("ceo@example.org")
    assert message["Subject"] == "Your Readiness account: choose your password"
    assert "Hello Dana Scully," in text_of(message)
    assert "lead@example.org has made you an account on Readiness (Leadership)" in text_of(message)
    assert "works once, for 7 days" in text_of(message)
    assert '<a href="http://localhost/auth/invitation/' in html_of(message)
    newcomer = app.test_client()
    path = link_in(message)
    assert "Choose your password" in newcomer.get(path).get_data(as_text=True)

    assert set_password(newcomer, path).status_code == 303
    login(app.test_client(), "ceo@example.org", OWN_PASSWORD)  # and nothing else to do first
    assert not _user(app, "ceo@example.org").must_change_password


def test_no_password_is_ever_shown_to_the_inviter(app, admin_client, smtp_sink):
    response = invite(admin_client, "ceo@example.org")
    for body in (response.get_data(as_text=True),
                 admin_client.get("/admin/users").get_data(as_text=True)):
        assert 'class="one-time"' not in body
        assert "/auth/invitation/" not in body  # nor the link that sets it


def test_the_invitation_link_works_once(app, admin_client, smtp_sink):
    invite(admin_client, "ceo@example.org")
    path = last_link_to(smtp_sink, "ceo@example.org")
    assert set_password(app.test_client(), path).status_code == 303

    again = app.test_client()
    assert again.get(path).status_code == 410
    token = csrf_token(again, "/auth/forgot-password")
    response = again.post(path, data={"csrf_token": token, "password": "someone else's choice",
                                      "confirm": "someone else's choice"})
    assert response.status_code == 410
    assert "This link no longer works" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session().scalar(select(User).where(User.email == "ceo@example.org")
                                   ).check_password(OWN_PASSWORD)


def test_sending_the_invitation_again_spends_the_first_link(app, admin_client, smtp_sink):
    invite(admin_client, "ceo@example.org")
    first = last_link_to(smtp_sink, "ceo@example.org")
    user_id = _user(app, "ceo@example.org").id

    response = admin_client.post(f"/admin/users/{user_id}/invite-again",
                                 data={"csrf_token": csrf_token(admin_client, "/admin/users")})

    assert response.status_code == 303
    second = last_link_to(smtp_sink, "ceo@example.org")
    assert len(smtp_sink.to("ceo@example.org")) == 2 and second != first
    assert app.test_client().get(first).status_code == 410
    assert app.test_client().get(second).status_code == 200


def test_someone_who_chose_a_password_is_not_invited_again(app, admin_client, smtp_sink):
    invite(admin_client, "ceo@example.org")
    set_password(app.test_client(), last_link_to(smtp_sink, "ceo@example.org"))
    user_id = _user(app, "ceo@example.org").id

    admin_client.post(f"/admin/users/{user_id}/invite-again",
                      data={"csrf_token": csrf_token(admin_client, "/admin/users")})

    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert "has chosen their password already" in page
    assert len(smtp_sink.to("ceo@example.org")) == 1
    assert f"/admin/users/{user_id}/invite-again" not in page


def test_the_invitation_is_written_in_the_language_chosen_for_it(app, admin_client, smtp_sink):
    invite(admin_client, "ceo@example.org", language="de")
    invite(admin_client, "cfo@example.org", language="fr")

    [german] = smtp_sink.to("ceo@example.org")
    [french] = smtp_sink.to("cfo@example.org")
    assert german["Content-Language"] == "de" and french["Content-Language"] == "fr"
    assert german["Subject"] != french["Subject"] != "Your Readiness account: choose your password"
    assert "7 Tage" in text_of(german) and "7 jours" in text_of(french)


def test_the_invitation_form_offers_the_readers_own_language_first(admin_client):
    page = admin_client.get("/admin/users", headers={"Accept-Language": "fr"})
    assert '<option selected value="fr">Français</option>' in page.get_data(as_text=True)


def test_a_name_cannot_add_a_header_to_the_invitation(app, admin_client, smtp_sink):
    name = "Eve\r\nBcc: spy@evil.example\r\nSubject: pwned"
    invite(admin_client, "ceo@example.org", name=name)

    [message] = smtp_sink.to("ceo@example.org")
    assert message["Bcc"] is None and message.get_all("Subject") == [
        "Your Readiness account: choose your password"]
    assert not smtp_sink.to("spy@evil.example")


def test_the_name_is_escaped_in_the_html_part(app, admin_client, smtp_sink):
    invite(admin_client, "ceo@example.org", name="<b>Dana</b> & co")
    html = html_of(smtp_sink.to("ceo@example.org")[0])
    assert "&lt;b&gt;Dana&lt;/b&gt; &amp; co" in html and "<b>Dana" not in html


def test_without_a_trusted_address_no_invitation_is_made(app, smtp_sink):
    from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, make_user

    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    client, host = app.test_client(), {"Host": "readiness.internal"}
    token = lambda url: CSRF.search(  # noqa: E731
        client.get(url, headers=host).get_data(as_text=True)).group(1)
    client.post("/auth/login", headers=host, data={
        "csrf_token": token("/auth/login"), "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})

    response = client.post("/admin/users", headers=host, data={
        "csrf_token": token("/admin/users"), "email": "ceo@example.org", "name": "",
        "role": "viewer", "language": "en"})

    assert response.status_code == 400
    assert "READINESS_PUBLIC_BASE_URL" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session().scalar(select(User).where(User.email == "ceo@example.org")) is None
    assert not smtp_sink.messages


def test_the_configured_public_address_is_used_whatever_the_host(app, admin_client, smtp_sink):
    app.config["PUBLIC_BASE_URL"] = "https://readiness.example.org"
    invite(admin_client, "ceo@example.org")
    text = text_of(smtp_sink.to("ceo@example.org")[0])
    assert "https://readiness.example.org/auth/invitation/" in text


def test_invitations_are_audited_without_tokens_or_passwords(app, admin_client, smtp_sink):
    invite(admin_client, "ceo@example.org")
    path = last_link_to(smtp_sink, "ceo@example.org")
    set_password(app.test_client(), path)

    events = _audit(app)
    assert ("user.invite", "lead@example.org",
            {"email": "ceo@example.org", "role": "viewer"}) in events
    assert ("user.accept_invitation", "ceo@example.org", {}) in events
    written = repr(events)
    assert path.rsplit("/", 1)[1] not in written and OWN_PASSWORD not in written
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Accepted the invitation and chose a password" in page


def test_the_invitation_form_refuses_without_its_csrf_token(app, admin_client, smtp_sink):
    response = admin_client.post("/admin/users", data={
        "email": "ceo@example.org", "name": "", "role": "viewer", "language": "en"})
    assert response.status_code == 400
    assert not smtp_sink.messages
    response = admin_client.post("/admin/users/1/invite-again")
    assert response.status_code == 400


def test_an_invitation_a_week_old_no_longer_works_but_forgot_password_still_helps(
        app, admin_client, smtp_sink):
    import time

    from readiness.account_tokens import INVITATION, issue

    invite(admin_client, "ceo@example.org")
    with app.test_request_context():
        user = db.session().scalar(select(User).where(User.email == "ceo@example.org"))
        eight_days_ago = int(time.time()) - 8 * 86400
        old = f"/auth/invitation/{issue(user, INVITATION, issued_at=eight_days_ago)}"
    newcomer = app.test_client()
    page = newcomer.get(old)
    assert page.status_code == 410
    assert "send the invitation again" in page.get_data(as_text=True)

    forgot(newcomer, "ceo@example.org")
    assert set_password(newcomer, last_link_to(smtp_sink, "ceo@example.org")).status_code == 303
    login(app.test_client(), "ceo@example.org", OWN_PASSWORD)
    assert not _user(app, "ceo@example.org").must_change_password
