"""A password someone else knew is for one sign-in (accounts from before invitations were
e-mailed); everyone can change their own, given the current one, which signs out every other
session; and every new password follows one policy, explained next to its field in the
reader's language (issues 18 and 19)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from readiness import db
from readiness.models import AuditEvent, User
from tests.admin.helpers import login
from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    csrf_token,
    make_user,
)

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

OWN_PASSWORD = "quiet river under the bridge"
ONE_TIME_PASSWORD = "handed-over-once-Xk3v9q"


def _legacy_account(app, email: str) -> str:
    """An account whose password someone else set and passed on (how accounts were made
    before invitations were e-mailed): it works for one sign-in."""
    user_id = make_user(app, email, ONE_TIME_PASSWORD, "viewer")
    with app.app_context(), db.writing() as session:
        session.get(User, user_id).must_change_password = True
    return ONE_TIME_PASSWORD


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
    """A leader with a one-time password (and the comms lead, signed in on ``client``)."""
    auth.login_admin()
    return _legacy_account(app, "ceo@example.org")


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


@pytest.mark.parametrize("password, email, name, refused", [
    ("correct horse battery", "dana@example.org", "Dana Scully", None),
    ("kitchen tabl", "dana@example.org", "", None),  # length alone: 12 is enough ...
    ("kitchen tab", "dana@example.org", "", "at least 12"),  # ... 11 is not
    ("äöüßéèçñåøæœ", "dana@example.org", "", None),  # characters, not bytes
    ("a b c d e f g h", "dana@example.org", "", None),  # spaces count
    ("z" * 256 + "", "dana@example.org", "", "many people use"),
    ("abcdefgh" * 32 + "x", "dana@example.org", "", "at most 256"),
    ("Dana.Scully@Example.org", "dana.scully@example.org", "", "e-mail address"),
    ("dana.scully2026!", "dana.scully@example.org", "", "e-mail address"),
    ("scullydana1234", "dana@example.org", "Dana Scully", None),  # not the name as given
    ("danascully2026", "dana@example.org", "Dana Scully", "your name"),
    ("Scully!!2026", "dana@example.org", "Dana Scully", "your name"),
    ("i am dana scully ok", "dana@example.org", "Dana Scully", "your name"),
    ("al is my friend ok", "x@example.org", "Al", None),  # a short name is too common a string
    ("Password2026!", "dana@example.org", "", "many people use"),
])
def test_the_password_policy(app, password, email, name, refused):
    from readiness.auth.passwords import PasswordError, check_new_password

    with app.test_request_context():
        if refused is None:
            check_new_password(password, email, name)
        else:
            with pytest.raises(PasswordError, match=refused):
                check_new_password(password, email, name)


@pytest.mark.parametrize("language, expected", [
    ("en", "Please use at least 12 characters. A few words in a row work well."),
    ("de", "Bitte verwenden Sie mindestens 12 Zeichen. Einige Wörter hintereinander eignen sich "
           "gut."),
    ("fr", "Veuillez utiliser au moins 12 caractères. Quelques mots à la suite font très bien "
           "l&#39;affaire."),
])
def test_a_refused_password_is_explained_next_to_its_field_in_the_readers_language(
        app, auth, client, language, expected):
    auth.login_admin()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = _change(client, ADMIN_PASSWORD, "too short")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<p class="error-message" id="password-error">{expected}</p>' in page
    assert 'aria-describedby="password-hint password-error"' in page


def test_two_different_entries_are_refused(app, invited):
    newcomer = login(app.test_client(), "ceo@example.org", invited)
    response = _choose(newcomer, OWN_PASSWORD, again=OWN_PASSWORD + "!")
    assert response.status_code == 400
    assert "The two passwords are not the same." in response.get_data(as_text=True)


def test_changing_ones_password_needs_the_current_one(app, auth, client):
    auth.login_admin()
    response = _change(client, "not my password", OWN_PASSWORD)
    assert response.status_code == 400
    assert "That is not your current password." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session().scalar(select(User)).check_password(ADMIN_PASSWORD)


def test_changing_ones_password_needs_the_forms_token(app, auth, client):
    auth.login_admin()
    response = client.post("/auth/account/password", data={
        "current": ADMIN_PASSWORD, "password": OWN_PASSWORD, "confirm": OWN_PASSWORD})
    assert response.status_code == 400
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
