"""Password links' tokens: signed, expiring, single use, and good for one purpose only."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from readiness import account_tokens, db
from readiness.account_tokens import INVITATION, RESET, holder, issue
from readiness.models import User
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, make_user

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."


@pytest.fixture
def account(app):
    """The app's context, with one account in it."""
    user_id = make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    with app.test_request_context():
        yield db.session().get(User, user_id)


@pytest.mark.parametrize("purpose", [INVITATION, RESET])
def test_a_fresh_token_opens_its_account(account, purpose):
    assert holder(issue(account, purpose), purpose) is account


@pytest.mark.parametrize("purpose", [INVITATION, RESET])
def test_a_token_expires(account, purpose):
    lifetime = account_tokens.lifetime_seconds(purpose)
    now = int(time.time())
    assert holder(issue(account, purpose, issued_at=now - lifetime + 30), purpose) is account
    assert holder(issue(account, purpose, issued_at=now - lifetime - 1), purpose) is None


def test_the_lifetimes_are_a_week_and_an_hour_unless_configured(app, account):
    assert account_tokens.lifetime_seconds(INVITATION) == 7 * 86400
    assert account_tokens.lifetime_seconds(RESET) == 3600
    app.config["RESET_LINK_MINUTES"] = 15
    assert account_tokens.lifetime_seconds(RESET) == 900


def test_a_token_from_the_future_is_refused(account):
    assert holder(issue(account, RESET, issued_at=int(time.time()) + 3600), RESET) is None


def test_a_token_is_spent_once_the_password_changes(account):
    token = issue(account, RESET)
    account.set_password("a brand new passphrase")
    assert holder(token, RESET) is None
    assert holder(issue(account, RESET), RESET) is account


def test_a_token_is_for_its_own_purpose_only(account):
    assert holder(issue(account, INVITATION), RESET) is None
    assert holder(issue(account, RESET), INVITATION) is None


def test_other_signed_values_of_the_application_are_not_tokens(app, account):
    from itsdangerous import URLSafeTimedSerializer

    session_like = URLSafeTimedSerializer(app.secret_key, salt="cookie-session").dumps(
        {"u": account.id, "f": "0" * 32})
    assert holder(session_like, RESET) is None


def test_a_token_signed_with_another_key_is_refused(app, account):
    token = issue(account, RESET)
    app.secret_key = "another-secret-key"
    assert holder(token, RESET) is None


def test_a_token_for_a_removed_account_is_refused(account):
    token = issue(account, RESET)
    db.session().delete(account)
    db.session().flush()
    assert holder(token, RESET) is None


def test_the_token_holds_no_password_hash(account):
    import base64

    token = issue(account, RESET)
    payload = token.split(".")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    assert account.password_hash not in decoded and "scrypt" not in decoded


def test_an_overlong_token_is_refused_unread(account):
    assert holder("A" * 10_000, RESET) is None


def test_another_spelling_of_the_same_token_is_refused(account):
    """Base64 leaves the last character's low bits unused: flipping one decodes to the same
    signature, which itsdangerous alone would accept."""
    import base64

    token = issue(account, RESET)
    signature = token.rsplit(".", 1)[1]
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    respelled = signature[:-1] + digits[digits.index(signature[-1]) ^ 1]
    decode = lambda text: base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))  # noqa: E731
    assert decode(respelled) == decode(signature)  # the same bytes, spelled differently
    assert holder(token[: -len(signature)] + respelled, RESET) is None


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the account is only read
@given(position=st.integers(0, 10_000), replacement=st.sampled_from(ALPHABET))
@example(position=-1, replacement="B")  # the last character, whose low bits base64 leaves unused
@example(position=-1, replacement="C")
def test_any_changed_character_makes_the_token_worthless(account, position, replacement):
    token = issue(account, RESET)
    position %= len(token)
    assume(token[position] != replacement)
    tampered = token[:position] + replacement + token[position + 1:]
    assert holder(tampered, RESET) is None
