"""Passwords set by someone else are for one sign-in; everyone can change their own; a comms
lead never learns another comms lead's password (issue 18)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from readiness import db
from readiness.models import AuditEvent, User
from tests.admin.helpers import login, page_token
from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    VIEWER_EMAIL,
    VIEWER_PASSWORD,
    csrf_token,
    make_user,
)

ONE_TIME = re.compile(r'<span class="one-time">([^<]+)</span>')
OWN_PASSWORD = "quiet river under the bridge"


def _invite(client, email: str, role: str = "viewer") -> str:
    response = client.post("/admin/users", data={
        "csrf_token": page_token(client, "/admin/users"), "email": email, "name": "",
        "role": role,
    })
    return ONE_TIME.search(response.get_data(as_text=True)).group(1)


def _choose(client, password: str, again: str | None = None):
    return client.post("/auth/choose-password", data={
        "csrf_token": csrf_token(client, "/auth/choose-password"),
        "password": password, "confirm": password if again is None else again,
    })


def _change(client, current: str, new: str):
    return client.post("/auth/account/password", data={
        "csrf_token": csrf_token(client, "/auth/account"),
        "current": current, "password": new, "confirm": new,
    })


def _sign_in(app, email: str, password: str) -> int:
    client = app.test_client()
    token = csrf_token(client, "/auth/login")
    return client.post("/auth/login", data={"email": email, "password": password,
                                            "csrf_token": token}).status_code


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session().scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def invited(app, auth, client):
    """A leader invited by the comms lead, and the one-time password they were given."""
    auth.login_admin()
    return _invite(client, "ceo@example.org")


def test_a_one_time_password_leads_straight_to_choosing_ones_own(app, invited):
    newcomer = app.test_client()
    response = login(newcomer, "ceo@example.org", invited)
    assert response.get("/report/").headers["Location"] == "/auth/choose-password"
    page = newcomer.get("/auth/choose-password").get_data(as_text=True)
    assert "Choose your password" in page


@pytest.mark.parametrize("path", ["/", "/report/", "/auth/account", "/admin/"])
def test_nothing_else_opens_before_the_password_is_chosen(app, invited, path):
    newcomer = login(app.test_client(), "ceo@example.org", invited)
    response = newcomer.get(path)
    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "/auth/choose-password"


def test_the_chosen_password_replaces_the_one_time_one(app, invited):
    newcomer = login(app.test_client(), "ceo@example.org", invited)
    response = _choose(newcomer, OWN_PASSWORD)
    assert response.status_code == 302
    assert newcomer.get("/report/").status_code == 200  # the session goes on
    with app.app_context():
        user = db.session().scalar(select(User).where(User.email == "ceo@example.org"))
        assert not user.must_change_password
    later = app.test_client()
    assert login(later, "ceo@example.org", OWN_PASSWORD).get("/report/").status_code == 200
    assert _sign_in(app, "ceo@example.org", invited) == 401  # the one-time one is spent
    assert "user.choose_password" in _actions(app)


def test_the_one_time_password_cannot_be_chosen_again(app, invited):
    newcomer = login(app.test_client(), "ceo@example.org", invited)
    response = _choose(newcomer, invited)
    assert response.status_code == 400
    assert "not the one you were given" in response.get_data(as_text=True)


@pytest.mark.parametrize("password, why", [
    ("short one", "at least 12 characters"),
    ("ceo@example.org", "not your e-mail address"),
    ("my ceo@example.org pw", "not your e-mail address"),
    ("password1234", "many people use"),
    ("Password2026!", "many people use"),
    ("qwertyuiop12", "many people use"),
    ("aaaaaaaaaaaaaaaa", "many people use"),
])
def test_a_weak_password_is_refused_with_the_reason(app, invited, password, why):
    newcomer = login(app.test_client(), "ceo@example.org", invited)
    response = _choose(newcomer, password)
    assert response.status_code == 400
    assert why in response.get_data(as_text=True)
    with app.app_context():
        user = db.session().scalar(select(User).where(User.email == "ceo@example.org"))
        assert user.must_change_password and user.check_password(invited)


def test_two_different_entries_are_refused(app, invited):
    newcomer = login(app.test_client(), "ceo@example.org", invited)
    response = _choose(newcomer, OWN_PASSWORD, again=OWN_PASSWORD + "!")
    assert response.status_code == 400
    assert "The two passwords are not the same." in response.get_data(as_text=True)


def test_a_reset_password_is_one_time_as_well(app, auth, client):
    auth.login_admin()
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    response = client.post(f"/admin/users/{viewer_id}/reset",
                           data={"csrf_token": page_token(client, "/admin/users")})
    password = ONE_TIME.search(response.get_data(as_text=True)).group(1)
    viewer = login(app.test_client(), VIEWER_EMAIL, password)
    assert viewer.get("/report/").headers["Location"] == "/auth/choose-password"


def test_the_one_time_password_is_never_shown_again(app, auth, client):
    auth.login_admin()
    password = _invite(client, "ceo@example.org")
    for path in ("/admin/users", "/admin/audit", "/auth/account", "/admin/"):
        assert password not in client.get(path).get_data(as_text=True), path


def test_a_comms_lead_cannot_reset_another_comms_leads_password(app, auth, client):
    auth.login_admin()
    other_id = make_user(app, "second@example.org", "second lead's secret", "admin")
    response = client.post(f"/admin/users/{other_id}/reset",
                           data={"csrf_token": page_token(client, "/admin/users")})
    assert response.status_code == 403
    assert not ONE_TIME.search(response.get_data(as_text=True))
    with app.app_context():
        other = db.session().get(User, other_id)
        assert other.check_password("second lead's secret") and not other.must_change_password
    assert "user.reset_password" not in _actions(app)


def test_the_people_page_offers_new_passwords_for_leadership_only(app, auth, client):
    auth.login_admin()
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    other_id = make_user(app, "second@example.org", "second lead's secret", "admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert f"/admin/users/{viewer_id}/reset" in page
    assert f"/admin/users/{other_id}/reset" not in page
    assert "/auth/account" in page  # one's own password is changed there


def test_changing_ones_password_needs_the_current_one(app, auth, client):
    auth.login_admin()
    response = _change(client, "not my password", OWN_PASSWORD)
    assert response.status_code == 400
    assert "That is not your current password." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session().scalar(select(User)).check_password(ADMIN_PASSWORD)


def test_changing_ones_password_signs_out_every_other_session(app, auth, client):
    auth.login_admin()
    elsewhere = login(app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD)
    assert elsewhere.get("/auth/account").status_code == 200
    response = _change(client, ADMIN_PASSWORD, OWN_PASSWORD)
    assert response.status_code == 303
    assert client.get("/auth/account").status_code == 200  # this session goes on
    assert elsewhere.get("/auth/account").status_code == 302  # the other one ended
    login(app.test_client(), ADMIN_EMAIL, OWN_PASSWORD)
    assert _actions(app)[-2:] == ["user.change_password", "user.login"]


def test_a_changed_password_follows_the_same_rules(app, auth, client):
    auth.login_admin()
    response = _change(client, ADMIN_PASSWORD, ADMIN_PASSWORD)
    assert response.status_code == 400
    assert "not your current one" in response.get_data(as_text=True)
    response = _change(client, ADMIN_PASSWORD, "password1234")
    assert response.status_code == 400
    assert "many people use" in response.get_data(as_text=True)


def test_guessing_the_current_password_counts_as_guessing_at_sign_in(app, auth, client):
    auth.login_admin()
    for _ in range(10):
        assert _change(client, "a wrong guess!", OWN_PASSWORD).status_code == 400
    assert _change(client, ADMIN_PASSWORD, OWN_PASSWORD).status_code == 429
    assert _sign_in(app, ADMIN_EMAIL, ADMIN_PASSWORD) == 429


def test_choosing_and_changing_passwords_read_plainly_in_the_audit_log(app, auth, client,
                                                                      invited):
    newcomer = login(app.test_client(), "ceo@example.org", invited)
    _choose(newcomer, OWN_PASSWORD)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Chose their own password" in page
    assert ADMIN_EMAIL in page and "ceo@example.org" in page
