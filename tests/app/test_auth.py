"""Signing in and out, and the first-run admin."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from readiness import db
from readiness.models import AuditEvent, User
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, csrf_token


def _audit_count(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(AuditEvent))


def test_admin_signs_in_and_reaches_the_account_page(client, auth):
    response = auth.login_admin()
    assert response.status_code == 302
    page = client.get("/auth/account")
    assert page.status_code == 200
    assert ADMIN_EMAIL in page.get_data(as_text=True)


def test_wrong_password_changes_nothing_and_says_so_plainly(app, client, auth):
    auth.admin()
    before = _audit_count(app)
    response = auth.login(ADMIN_EMAIL, "wrong password!")
    assert response.status_code == 401
    assert "That e-mail and password do not match." in response.get_data(as_text=True)
    assert client.get("/auth/account").status_code == 302
    assert _audit_count(app) == before


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client, auth):
    auth.admin()
    wrong = auth.login(ADMIN_EMAIL, "wrong password!")
    unknown = auth.login("nobody@example.org", "wrong password!")
    assert wrong.status_code == unknown.status_code == 401
    strip = lambda r: r.get_data(as_text=True).replace(  # noqa: E731
        "nobody@example.org", ""
    ).replace(ADMIN_EMAIL, "")
    assert strip(wrong).split("csrf_token")[0] == strip(unknown).split("csrf_token")[0]


def test_login_without_csrf_token_is_refused_and_signs_nobody_in(app, client, auth):
    auth.admin()
    response = client.post(
        "/auth/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert client.get("/auth/account").status_code == 302


def test_eleventh_quick_failure_is_throttled_even_with_the_right_password(client, auth):
    auth.admin()
    for _ in range(10):
        assert auth.login(ADMIN_EMAIL, "wrong password!").status_code == 401
    response = auth.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    assert response.status_code == 429
    assert client.get("/auth/account").status_code == 302


def test_the_session_changes_at_login(client, auth):
    auth.admin()
    client.get("/auth/login")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.login()
    with client.session_transaction() as session:
        assert "planted" not in session


def test_a_cookie_captured_before_logout_does_not_work_after_it(app, client, auth):
    auth.login_admin()
    captured = client.get_cookie("readiness_session").value
    assert auth.logout().status_code == 302
    thief = app.test_client()
    thief.set_cookie("readiness_session", captured)
    assert thief.get("/auth/account").status_code == 302


def test_logout_needs_post_with_csrf(client, auth):
    auth.login_admin()
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/auth/account").status_code == 200


def test_login_redirect_only_goes_to_local_paths(client, auth):
    auth.admin()
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login?next=//evil.example/x",
        data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": token},
    )
    assert "evil.example" not in response.headers["Location"]


def test_create_user_command_stores_a_hashed_password(app, runner):
    result = runner.invoke(
        args=["create-user", "Boss@Example.org", "--role", "viewer", "--password", "a long secret"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session().scalar(select(User).where(User.email == "boss@example.org"))
        assert user.role == "viewer"
        assert "a long secret" not in user.password_hash
        assert user.check_password("a long secret")


def test_create_user_command_refuses_a_duplicate_plainly(runner):
    args = ["create-user", "x@example.org", "--password", "a long secret"]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert "already an account" in result.output


@pytest.mark.parametrize("password, why", [
    ("too short", "at least 12 characters"),
    ("password1234", "many people use"),
    ("weak@example.org", "not your e-mail address"),
])
def test_create_user_command_follows_the_password_policy(app, runner, password, why):
    result = runner.invoke(args=["create-user", "weak@example.org", "--password", password])
    assert result.exit_code != 0
    assert why in result.output
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(User)) == 0


def test_first_run_creates_one_admin_and_prints_a_working_password(app, runner):
    result = runner.invoke(args=["ensure-admin"])
    assert result.exit_code == 0
    password = result.output.split("password:")[1].split()[0]
    again = runner.invoke(args=["ensure-admin"])
    assert "password:" not in again.output
    client = app.test_client()
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login",
        data={"email": "admin@example.org", "password": password, "csrf_token": token},
    )
    assert response.status_code == 302
