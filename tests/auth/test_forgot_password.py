"""'Forgot password' (issue 19): the same answer whether the address has an account or not,
at most three links an hour to one address, and a link that works once, for an hour, for
setting a new password only; afterwards every session of the account is signed out."""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from readiness import db
from readiness.models import AuditEvent, User
from tests.admin.helpers import login
from tests.auth.helpers import (
    OWN_PASSWORD,
    forgot,
    html_of,
    last_link_to,
    set_password,
    text_of,
)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, csrf_token

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

#: What differs between two pages that are otherwise the same: the form's CSRF token.
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="[^"]+"')


def _visible(response) -> tuple[int, str | None, str]:
    return (response.status_code, response.headers.get("Location"),
            _TOKEN.sub("", response.get_data(as_text=True)))


def test_the_sign_in_page_leads_to_forgot_password(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/forgot-password"' in page and "Forgot your password?" in page


def test_a_known_address_gets_a_link_by_mail(app, auth, client, smtp_sink):
    auth.admin()
    response = forgot(client, ADMIN_EMAIL.upper())
    assert response.status_code == 303
    assert response.headers["Location"] == "/auth/forgot-password/sent"
    assert "Check your inbox" in client.get("/auth/forgot-password/sent").get_data(as_text=True)
    [message] = smtp_sink.to(ADMIN_EMAIL)
    assert message["Subject"] == "Set a new password for Readiness"
    assert "works once, for 60 minutes" in text_of(message)
    assert '<a href="http://localhost/auth/reset/' in html_of(message)


def test_known_and_unknown_addresses_get_the_very_same_answer(app, auth, smtp_sink):
    auth.admin()
    known_client, unknown_client = app.test_client(), app.test_client()

    known = forgot(known_client, ADMIN_EMAIL)
    unknown = forgot(unknown_client, "nobody@example.org")

    assert _visible(known) == _visible(unknown)
    assert _visible(known_client.get(known.headers["Location"])) == _visible(
        unknown_client.get(unknown.headers["Location"]))
    assert len(smtp_sink.messages) == 1 and not smtp_sink.to("nobody@example.org")


def test_a_fourth_link_within_the_hour_is_not_sent_and_the_answer_does_not_change(
        app, auth, client, smtp_sink):
    auth.admin()
    answers = [_visible(forgot(client, ADMIN_EMAIL)) for _ in range(5)]
    unknown = [_visible(forgot(client, "nobody@example.org")) for _ in range(5)]

    assert len(set(answers + unknown)) == 1
    assert len(smtp_sink.to(ADMIN_EMAIL)) == 3
    page = client.get("/auth/forgot-password/sent").get_data(as_text=True)
    assert "at most 3 links an hour" in page


def test_known_and_unknown_addresses_take_the_same_time(app, auth):
    """Both answers wait until the slowest moment: queueing a message does not show. (The
    queue is not run here, as in production: the request only records the message.)"""
    from readiness.auth.recovery import SLOWEST_ANSWER_SECONDS
    from readiness.models import MailMessage

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # the queue's own file
    auth.admin()
    app.config["PASSWORD_LINK_MAX_REQUESTS"] = 100
    client = app.test_client()
    token = csrf_token(client, "/auth/forgot-password")

    def seconds(address: str) -> float:
        started = time.perf_counter()
        response = client.post("/auth/forgot-password",
                               data={"csrf_token": token, "email": address})
        assert response.status_code == 303
        return time.perf_counter() - started

    known = [seconds(ADMIN_EMAIL) for _ in range(5)]
    unknown = [seconds(f"nobody{n}@example.org") for n in range(5)]
    assert min(known + unknown) >= SLOWEST_ANSWER_SECONDS
    assert 2 / 3 < statistics.median(known) / statistics.median(unknown) < 3 / 2
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(MailMessage)) == 5


def test_the_limit_is_per_address(app, auth, client, smtp_sink):
    auth.admin()
    auth.viewer()
    for _ in range(4):
        forgot(client, ADMIN_EMAIL)
    forgot(client, "board@example.org")
    assert len(smtp_sink.to("board@example.org")) == 1


def test_a_reset_link_sets_a_new_password_and_signs_out_every_session(
        app, auth, client, smtp_sink):
    auth.login_admin()
    elsewhere = login(app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD)
    forgot(app.test_client(), ADMIN_EMAIL)
    path = last_link_to(smtp_sink, ADMIN_EMAIL)
    resetting = app.test_client()
    page = resetting.get(path)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "Choose a new password" in page.get_data(as_text=True)

    response = set_password(resetting, path)

    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    assert "Your password is set" in resetting.get("/auth/login").get_data(as_text=True)
    assert client.get("/auth/account").status_code == 302
    assert elsewhere.get("/auth/account").status_code == 302
    assert auth.login(ADMIN_EMAIL, ADMIN_PASSWORD).status_code == 401
    assert auth.login(ADMIN_EMAIL, OWN_PASSWORD).status_code == 302


def test_a_reset_link_works_once(app, auth, smtp_sink):
    auth.admin()
    forgot(app.test_client(), ADMIN_EMAIL)
    path = last_link_to(smtp_sink, ADMIN_EMAIL)
    assert set_password(app.test_client(), path).status_code == 303
    assert app.test_client().get(path).status_code == 410


def test_a_new_password_spends_every_earlier_link(app, auth, smtp_sink):
    auth.admin()
    forgot(app.test_client(), ADMIN_EMAIL)
    forgot(app.test_client(), ADMIN_EMAIL)
    first, second = (link for link in map(
        lambda m: re.search(r"/auth/reset/\S+", text_of(m)).group(0), smtp_sink.to(ADMIN_EMAIL)))
    assert set_password(app.test_client(), second).status_code == 303
    assert app.test_client().get(first).status_code == 410


def test_a_link_says_plainly_that_it_no_longer_works_and_offers_a_new_one(app, client):
    page = client.get("/auth/reset/not-a-token")
    assert page.status_code == 410
    body = page.get_data(as_text=True)
    assert "This link no longer works" in body and 'href="/auth/forgot-password"' in body


def test_the_new_password_follows_the_rules_and_the_link_still_works(app, auth, smtp_sink):
    auth.admin()
    forgot(app.test_client(), ADMIN_EMAIL)
    path = last_link_to(smtp_sink, ADMIN_EMAIL)
    client = app.test_client()

    response = set_password(client, path, "password1234")

    assert response.status_code == 400
    assert "many people use" in response.get_data(as_text=True)
    mismatch = set_password(client, path, OWN_PASSWORD, again="something else entirely")
    assert mismatch.status_code == 400
    assert set_password(client, path).status_code == 303


def test_resets_are_audited_without_tokens_or_passwords(app, auth, smtp_sink):
    auth.admin()
    forgot(app.test_client(), ADMIN_EMAIL)
    forgot(app.test_client(), "nobody@example.org")
    path = last_link_to(smtp_sink, ADMIN_EMAIL)
    set_password(app.test_client(), path)

    with app.app_context():
        events = [(e.action, e.actor, e.detail) for e in
                  db.session().scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert events == [("user.password_link", ADMIN_EMAIL, {}),
                      ("user.password_link_refused", "system", {}),  # not which address
                      ("user.password_reset", ADMIN_EMAIL, {})]
    assert path.rsplit("/", 1)[1] not in repr(events)


def test_without_a_trusted_address_nothing_is_sent_and_the_answer_is_the_same(
        app, auth, smtp_sink):
    """A Host header an attacker chose must never become the host of a reset link."""
    auth.admin()
    client, host = app.test_client(), {"Host": "evil.example"}
    page = client.get("/auth/forgot-password", headers=host).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    response = client.post("/auth/forgot-password", headers=host,
                           data={"csrf_token": token, "email": ADMIN_EMAIL})

    assert response.status_code == 303
    assert not smtp_sink.messages


def test_the_mail_is_in_the_language_of_the_page_it_was_asked_on(app, auth, smtp_sink):
    auth.admin()
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    forgot(client, ADMIN_EMAIL)
    [message] = smtp_sink.to(ADMIN_EMAIL)
    assert message["Content-Language"] == "de"
    assert "60 Minuten" in text_of(message)


@pytest.mark.parametrize("email", ["", "not an address" * 30])
def test_a_malformed_address_is_answered_next_to_its_field(client, email, smtp_sink):
    response = forgot(client, email)
    assert response.status_code == 400
    assert 'class="error-message"' in response.get_data(as_text=True)
    assert not smtp_sink.messages


def test_forgot_password_and_the_link_page_refuse_without_a_csrf_token(app, auth, smtp_sink):
    auth.admin()
    client = app.test_client()
    assert client.post("/auth/forgot-password", data={"email": ADMIN_EMAIL}).status_code == 400
    assert not smtp_sink.messages
    forgot(client, ADMIN_EMAIL)
    path = last_link_to(smtp_sink, ADMIN_EMAIL)
    response = client.post(path, data={"password": OWN_PASSWORD, "confirm": OWN_PASSWORD})
    assert response.status_code == 400
    with app.app_context():
        assert db.session().scalar(select(User)).check_password(ADMIN_PASSWORD)
    # A token from someone else's session is refused as well.
    other = app.test_client()
    stolen = csrf_token(other, "/auth/forgot-password")
    response = client.post(path, data={"csrf_token": stolen, "password": OWN_PASSWORD,
                                       "confirm": OWN_PASSWORD})
    assert response.status_code == 400
