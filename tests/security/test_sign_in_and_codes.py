"""Guessing passwords and codes: throttled across workers and machines, and no timing tell.

Already proven in ``tests/app/test_auth.py`` (not repeated here): the same status and body for
an unknown user and a wrong password, the 11th quick failure throttled even with the right
password, a fresh session at sign-in, a cookie captured before logout refused after it, logout
by POST with CSRF only, and local-only redirects after sign-in.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid

import pytest

from readiness import create_app
from readiness.models import Base
from readiness.throttle import MemoryCounter, RedisCounter
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, csrf_token, make_user
from tests.respond.conftest import Respondent, make_codes, make_survey

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {error}")


@pytest.fixture
def two_machines(database_url, tmp_path):
    """Two separate application instances sharing one database and one Redis."""
    _redis_or_skip()
    prefix = f"readiness-test-{uuid.uuid4().hex}"
    config = {"TESTING": True, "SECRET_KEY": "test-secret-key", "DATABASE_URL": database_url,
              "REDIS_URL": REDIS_URL, "REDIS_KEY_PREFIX": prefix}
    apps = [create_app(dict(config)), create_app(dict(config))]
    Base.metadata.create_all(apps[0].extensions["readiness.db"][0])
    yield apps
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(f"{prefix}:*"):  # only this test's keys
        connection.delete(key)
    for app in apps:
        app.extensions["readiness.db"][0].dispose()


def _login(client, password: str):
    token = csrf_token(client, "/auth/login")
    return client.post("/auth/login",
                       data={"email": ADMIN_EMAIL, "password": password, "csrf_token": token})


def test_login_failures_on_one_machine_count_on_the_other(two_machines):
    first, second = two_machines
    assert isinstance(first.extensions["readiness.throttle"], RedisCounter)
    make_user(first, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    for number in range(10):
        machine = (first, second)[number % 2]
        assert _login(machine.test_client(), "wrong password!").status_code == 401
    assert _login(second.test_client(), ADMIN_PASSWORD).status_code == 429
    assert _login(first.test_client(), ADMIN_PASSWORD).status_code == 429


def test_openings_of_one_link_on_one_machine_count_on_the_other(two_machines):
    first, second = two_machines
    for app in two_machines:
        app.config["CODE_LINK_MAX_OPENINGS"] = 6
    public_id = make_survey(first, distribution="codes")
    [(long_code, _)] = make_codes(first, public_id)
    for number in range(6):
        respondent = Respondent((first, second)[number % 2].test_client(), public_id)
        assert respondent.open(f"/c/{long_code}").status_code == 303
    respondent = Respondent(second.test_client(), public_id)
    assert respondent.open(f"/c/{long_code}").status_code == 429


def test_redis_keys_hold_no_email_in_clear(two_machines):
    import redis

    first, _ = two_machines
    make_user(first, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    _login(first.test_client(), "wrong password!")
    prefix = first.config["REDIS_KEY_PREFIX"]
    keys = [key.decode() for key in redis.Redis.from_url(REDIS_URL).scan_iter(f"{prefix}:*")]
    assert keys and not any("example.org" in key for key in keys)


def test_parallel_attempts_cannot_burst_past_the_limit(app):
    """Attempts are counted before they are judged, atomically, so twenty at once get ten."""
    counter = MemoryCounter()
    app.extensions["readiness.throttle"] = counter
    from readiness.throttle import login_throttle

    allowed = []

    def attempt():
        with app.app_context():
            allowed.append(login_throttle.attempt("someone@example.org"))

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 10


def test_unknown_user_and_wrong_password_take_similar_time(app, client, auth):
    auth.admin()
    app.config["LOGIN_MAX_FAILURES"] = 1000
    token = csrf_token(client, "/auth/login")

    def timed(email: str) -> float:
        started = time.perf_counter()
        response = client.post("/auth/login",
                               data={"email": email, "password": "wrong password!",
                                     "csrf_token": token})
        assert response.status_code == 401
        return time.perf_counter() - started

    wrong, unknown = [], []
    for _ in range(10):  # interleaved, so a burst of load hits both alike
        wrong.append(timed(ADMIN_EMAIL))
        unknown.append(timed("nobody@example.org"))
    ratio = statistics.median(unknown) / statistics.median(wrong)
    assert 0.5 < ratio < 2.0, ratio
