"""Sign-in throttling holds across workers without Redis, and fails closed, plainly, when
Redis is configured but down (issue 18)."""

from __future__ import annotations

import logging
import threading

import pytest
from sqlalchemy import select

from readiness import create_app, db
from readiness.models import AuditEvent, Base, ThrottleCounter
from readiness.throttle import DatabaseCounter, login_throttle
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, csrf_token, make_user

WORKERS = 2
ATTEMPTS_PER_WORKER = 20


@pytest.fixture
def workers(database_url):
    """Two application instances on one database and no Redis, as gunicorn's workers are."""
    config = {"TESTING": True, "SECRET_KEY": "test-secret-key", "DATABASE_URL": database_url}
    apps = [create_app(dict(config)) for _ in range(WORKERS)]
    Base.metadata.create_all(apps[0].extensions["readiness.db"][0])
    yield apps
    for app in apps:
        app.extensions["readiness.db"][0].dispose()


def _sign_in(app, password: str) -> int:
    client = app.test_client()
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login", data={"email": ADMIN_EMAIL, "password": password, "csrf_token": token}
    )
    return response.status_code


def test_without_redis_the_counts_live_in_the_database(workers):
    assert all(isinstance(app.extensions["readiness.throttle"], DatabaseCounter)
               for app in workers)


def test_parallel_wrong_passwords_on_two_workers_get_ten_checks_in_all(workers):
    make_user(workers[0], ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    statuses: list[int] = []
    start = threading.Barrier(WORKERS * ATTEMPTS_PER_WORKER)

    def attempt(app):
        start.wait()
        statuses.append(_sign_in(app, "wrong password!"))

    threads = [threading.Thread(target=attempt, args=(app,))
               for app in workers for _ in range(ATTEMPTS_PER_WORKER)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [401] * 10 + [429] * 30
    assert _sign_in(workers[1], ADMIN_PASSWORD) == 429


def test_failures_on_one_worker_count_on_the_other(workers):
    first, second = workers
    make_user(first, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    for number in range(10):
        assert _sign_in(workers[number % 2], "wrong password!") == 401
    assert _sign_in(second, ADMIN_PASSWORD) == 429
    assert _sign_in(first, ADMIN_PASSWORD) == 429


def test_a_success_clears_the_count_for_every_worker(workers):
    first, second = workers
    make_user(first, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    for _ in range(9):
        assert _sign_in(first, "wrong password!") == 401
    assert _sign_in(second, ADMIN_PASSWORD) == 302
    for _ in range(10):
        assert _sign_in(first, "wrong password!") == 401


def test_the_database_holds_no_e_mail_in_clear(app, auth):
    auth.admin()
    auth.login(ADMIN_EMAIL, "wrong password!")
    with app.app_context():
        keys = db.session().scalars(select(ThrottleCounter.key)).all()
    assert keys and not any("example.org" in key for key in keys)


def test_a_window_that_ended_starts_counting_afresh(app):
    app.config["LOGIN_WINDOW_SECONDS"] = 60
    with app.app_context():
        for _ in range(10):
            assert login_throttle.attempt("someone@example.org")
        assert not login_throttle.attempt("someone@example.org")
        # The window ended (as if 60 seconds went by): the old count no longer holds.
        db.session().execute(ThrottleCounter.__table__.update().values(expires_at=0))
        db.commit()
        assert not login_throttle.blocked("someone@example.org")
        assert login_throttle.attempt("someone@example.org")


@pytest.fixture
def redis_down(database_url):
    """An application whose Redis cannot be reached (nothing listens on port 1)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key",
                      "DATABASE_URL": database_url, "REDIS_URL": "redis://127.0.0.1:1/0"})
    Base.metadata.create_all(app.extensions["readiness.db"][0])
    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    yield app
    app.extensions["readiness.db"][0].dispose()


def test_with_redis_down_sign_in_answers_503_with_retry_after(redis_down):
    client = redis_down.test_client()
    token = csrf_token(client, "/auth/login")
    response = client.post("/auth/login", data={"email": ADMIN_EMAIL,
                                                 "password": ADMIN_PASSWORD, "csrf_token": token})
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    assert "Sign-in is unavailable for a moment" in page and "try again shortly" in page
    assert client.get("/auth/account").status_code == 302  # failed closed: nobody signed in
    with redis_down.app_context():
        assert db.session().scalars(select(AuditEvent)).all() == []


def test_with_redis_down_the_log_has_one_line_and_no_trace(redis_down, caplog):
    with caplog.at_level(logging.INFO, logger="readiness"):
        for _ in range(3):
            assert _sign_in(redis_down, "wrong password!") == 503
    records = [r for r in caplog.records if r.name == "readiness"]
    assert len(records) == 1
    assert records[0].exc_info is None and "Traceback" not in caplog.text
    assert "Redis" in records[0].getMessage()
