"""Fixtures for the web application: a fresh database per test, on SQLite and on PostgreSQL.

PostgreSQL runs when READINESS_TEST_DATABASE_URL is set (CI sets it); otherwise those tests
skip with the reason.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, make_url, text

from readiness import create_app, db
from readiness.models import Base

# In CI every Hypothesis test runs derandomized: the same examples each time, so a pass is
# never luck. Elsewhere they explore fresh random examples; whatever they find is pinned with
# @example (or, for the lifecycle machine, as a named regression test).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") else "explore"))

POSTGRES_URL = os.environ.get("READINESS_TEST_DATABASE_URL")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

ADMIN_EMAIL, ADMIN_PASSWORD = "lead@example.org", "correct horse battery"
VIEWER_EMAIL, VIEWER_PASSWORD = "board@example.org", "another good secret"


def _postgres_for_this_worker(url: str) -> str:
    """Under pytest-xdist each worker gets its own database next to the configured one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar()
        if not found:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url():
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need READINESS_TEST_DATABASE_URL")
    return _postgres_for_this_worker(POSTGRES_URL)


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def pytest_collection_modifyitems(config, items):
    """Tests marked ``one_database`` run on SQLite only, also when PostgreSQL is configured.

    The PostgreSQL run is for what the database decides: storage, queries, transactions,
    locking, constraints, and what a database reader finds in the files. Tests of pages, PDFs,
    languages, headers, sessions and role checks ask the database nothing that differs between
    the two, and ran twice for nothing (a third of CI's time)."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        twin = callspec is not None and callspec.params.get("database_url") == "postgres"
        (dropped if twin and item.get_closest_marker("one_database") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    """A URL to an empty database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'readiness.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    _reset_postgres(url)
    return url


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": database_url,
            "LANGUAGES": ("en", "de", "fr"),
        }
    )
    app.instance_path = str(tmp_path / "instance")
    engine = app.extensions["readiness.db"][0]
    Base.metadata.create_all(engine)
    yield app
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on ``url``."""
    page = client.get(url)
    match = CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} (status {page.status_code})"
    return match.group(1)


def make_user(app, email: str, password: str, role: str):
    from readiness.users import create

    with app.app_context():
        with db.writing():
            user = create(email, role=role, password=password)
        return user.id


class AuthActions:
    def __init__(self, app, client):
        self._app = app
        self._client = client

    def admin(self) -> int:
        return make_user(self._app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")

    def viewer(self) -> int:
        return make_user(self._app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")

    def login(self, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD):
        token = csrf_token(self._client, "/auth/login")
        return self._client.post(
            "/auth/login", data={"email": email, "password": password, "csrf_token": token}
        )

    def login_admin(self):
        self.admin()
        return self.login()

    def login_viewer(self):
        self.viewer()
        return self.login(VIEWER_EMAIL, VIEWER_PASSWORD)

    def logout(self):
        token = csrf_token(self._client, "/auth/account")
        return self._client.post("/auth/logout", data={"csrf_token": token})


@pytest.fixture
def auth(app, client):
    return AuthActions(app, client)


@pytest.fixture
def admin_client(auth, client):
    """The test client, signed in as the comms lead."""
    auth.login_admin()
    return client


@pytest.fixture
def smtp_sink(app):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that ``app`` sends its mail to.

    Queued mail is delivered at once (the queue runs each task as it is queued, in this
    process), so right after the request that queued a message it is in ``smtp_sink.messages``
    (`email.message.EmailMessage` objects; ``smtp_sink.to(address)`` filters them). Set
    ``smtp_sink.delay`` to answer slowly, ``smtp_sink.refuse`` to a function address -> reply
    (e.g. "550 no such user") to refuse some recipients. Tests of the real worker processes
    live in tests/mail.
    """
    from readiness.mail import queue
    from readiness.mail.sink import Sink

    sink = Sink().start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port, SMTP_SECURITY="none",
                      SMTP_USER="", QUEUE_IMMEDIATE=True)
    queue.get_huey(app).immediate = True
    yield sink
    sink.stop()
