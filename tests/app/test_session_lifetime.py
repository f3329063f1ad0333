"""Console sessions end: 12 hours after signing in, and after 60 minutes unused (issue 18).

Both moments are kept inside the signed cookie; the tests move them back as if the cookie had
been made that long ago, which is what someone who copied it then would hold.
"""

from __future__ import annotations

import time

import pytest

from readiness.auth.guards import SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py


def _as_if(client, *, signed_in_ago: int, seen_ago: int) -> None:
    now = int(time.time())
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] = now - signed_in_ago
        session[SEEN_AT] = now - seen_ago


def test_a_session_in_use_keeps_working(auth, client):
    auth.login_admin()
    _as_if(client, signed_in_ago=11 * 3600, seen_ago=59 * 60)
    assert client.get("/auth/account").status_code == 200


def test_a_session_older_than_twelve_hours_is_signed_out_with_a_word_why(auth, client):
    auth.login_admin()
    _as_if(client, signed_in_ago=12 * 3600, seen_ago=60)
    response = client.get("/auth/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=/auth/account")
    page = client.get("/auth/login").get_data(as_text=True)
    assert "You were signed out 12 hours after signing in" in page
    assert client.get("/auth/account").status_code == 302  # and it stays signed out


def test_a_session_unused_for_an_hour_is_signed_out_with_a_word_why(auth, client):
    auth.login_admin()
    _as_if(client, signed_in_ago=2 * 3600, seen_ago=60 * 60)
    assert client.get("/auth/account").status_code == 302
    page = client.get("/auth/login").get_data(as_text=True)
    assert "You were signed out after 60 minutes without activity" in page


def test_a_cookie_re_signed_thirty_days_ago_is_refused(auth, client):
    auth.login_admin()
    _as_if(client, signed_in_ago=30 * 24 * 3600, seen_ago=30 * 24 * 3600)
    assert client.get("/auth/account").status_code == 302


def test_a_signed_in_cookie_without_its_times_is_refused(auth, client):
    auth.login_admin()
    with client.session_transaction() as session:
        del session[SIGNED_IN_AT], session[SEEN_AT]
    assert client.get("/auth/account").status_code == 302


def test_using_the_console_keeps_the_idle_clock_fresh(auth, client):
    auth.login_admin()
    _as_if(client, signed_in_ago=3 * 3600, seen_ago=50 * 60)
    assert client.get("/auth/account").status_code == 200
    with client.session_transaction() as session:
        assert int(time.time()) - session[SEEN_AT] < 5


def test_an_expired_form_post_changes_nothing_and_asks_to_sign_in(auth, client):
    from tests.conftest import csrf_token

    auth.login_admin()
    token = csrf_token(client, "/auth/account")
    _as_if(client, signed_in_ago=13 * 3600, seen_ago=60)
    response = client.post("/auth/logout", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == "/auth/login"


@pytest.mark.parametrize("hours, minutes", [(1, 5)])
def test_both_limits_are_settings(app, auth, client, hours, minutes):
    app.config.update(SESSION_MAX_HOURS=hours, SESSION_IDLE_MINUTES=minutes)
    auth.login_admin()
    _as_if(client, signed_in_ago=30 * 60, seen_ago=5 * 60)
    assert client.get("/auth/account").status_code == 302
    auth.login()
    _as_if(client, signed_in_ago=3600, seen_ago=60)
    assert client.get("/auth/account").status_code == 302


def test_the_settings_come_from_the_environment(monkeypatch, tmp_path):
    from readiness import create_app

    monkeypatch.setenv("READINESS_SESSION_MAX_HOURS", "8")
    monkeypatch.setenv("READINESS_SESSION_IDLE_MINUTES", "15")
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/a.db"})
    assert (app.config["SESSION_MAX_HOURS"], app.config["SESSION_IDLE_MINUTES"]) == (8, 15)


def test_a_respondents_session_is_not_a_console_session(app):
    from tests.respond.conftest import Respondent, make_survey

    public_id = make_survey(app)
    respondent = Respondent(app.test_client(), public_id)
    respondent.start()
    with respondent.client.session_transaction() as session:
        # A survey session left a day: nobody signed in, so nothing ends it.
        session[SIGNED_IN_AT] = session[SEEN_AT] = int(time.time()) - 24 * 3600
    assert respondent.open().status_code == 200
