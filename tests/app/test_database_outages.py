"""A full disk, a stopped database and a busy one are passing outages: a 503 with Retry-After
in the reader's language, and one log line per cause that names it."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from sqlalchemy import text

from readiness import create_app, db, outages


def _sqlite_only(app) -> None:
    if not app.config["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("SQLite's own full-disk error")


def _a_route_that_fills_the_disk(app) -> None:
    """A write that needs more pages than the database may have: SQLite's SQLITE_FULL."""

    @app.get("/test-only/fill")
    def fill():
        connection = db.begin_write().connection()
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        connection.exec_driver_sql(f"PRAGMA max_page_count={pages}")
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS ballast (b BLOB)")
        connection.execute(text("INSERT INTO ballast VALUES (zeroblob(200000))"))
        db.commit()
        return "written"


@pytest.mark.parametrize(("language", "title"), [
    ("en", "The service is unavailable for a moment"),
    ("de", "Der Dienst ist für einen Moment nicht erreichbar"),
    ("fr", "Le service est momentanément indisponible"),
])
def test_a_full_disk_is_a_503_with_retry_after_in_the_readers_language(app, language, title):
    _sqlite_only(app)
    _a_route_that_fills_the_disk(app)
    reply = app.test_client().get("/test-only/fill", headers={"Accept-Language": language})
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "60"
    page = reply.get_data(as_text=True)
    assert title in page
    assert "Something went wrong" not in page and "disk" not in page.lower()


def test_a_full_disk_is_logged_by_name_once_however_often_it_fails(app, caplog):
    _sqlite_only(app)
    _a_route_that_fills_the_disk(app)
    caplog.set_level(logging.ERROR, logger="readiness")
    client = app.test_client()
    for _ in range(30):
        assert client.get("/test-only/fill").status_code == 503
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1
    assert lines[0].startswith("disk full: OperationalError SQLITE_FULL: database or disk is full")
    assert "zeroblob" not in lines[0] and "INSERT" not in lines[0]


def test_a_stopped_postgresql_is_a_503_with_retry_after(tmp_path, caplog):
    # Nothing listens on port 9 of this machine: the connection is refused at once.
    app = create_app({"SECRET_KEY": "x", "TESTING": True,
                      "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"})
    caplog.set_level(logging.ERROR, logger="readiness")
    reply = app.test_client().get("/s/some-survey", headers={"Accept-Language": "de"})
    assert reply.status_code == 503 and reply.headers["Retry-After"] == "60"
    assert "Der Dienst ist für einen Moment nicht erreichbar" in reply.get_data(as_text=True)
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["database unavailable"]


def test_other_database_errors_stay_a_plain_500(app):
    @app.get("/test-only/bad-sql")
    def bad_sql():
        db.session().execute(text("SELECT * FROM no_such_table"))

    assert app.test_client().get("/test-only/bad-sql").status_code == 500


def test_the_outage_log_counts_the_repeats_it_held_back(caplog):
    now = [100.0]
    log = outages.QuietLog(logging.getLogger("readiness.test"), interval=10, clock=lambda: now[0])
    caplog.set_level(logging.ERROR, logger="readiness.test")
    for second in range(25):
        now[0] = 100.0 + second
        log.error(outages.DISK_FULL, "SQLITE_FULL")
        log.error(outages.UNAVAILABLE, "refused")
    assert [r.getMessage() for r in caplog.records] == [
        "disk full: SQLITE_FULL",
        "database unavailable: refused",
        "disk full: SQLITE_FULL (9 more since the last such line, 10 s ago)",
        "database unavailable: refused (9 more since the last such line, 10 s ago)",
        "disk full: SQLITE_FULL (9 more since the last such line, 10 s ago)",
        "database unavailable: refused (9 more since the last such line, 10 s ago)",
    ]


@pytest.mark.parametrize(("message", "cause"), [
    ("database or disk is full", outages.DISK_FULL),
    ("database is locked", outages.BUSY),
    ("unable to open database file", outages.UNAVAILABLE),
    ("no such table: x", None),
])
def test_sqlite_errors_are_told_apart_by_their_code(tmp_path, message, cause):
    connection = sqlite3.connect(tmp_path / "x.sqlite")
    try:
        error = {
            "database or disk is full": _full_disk_error,
            "database is locked": _locked_error,
            "unable to open database file": _cannot_open_error,
            "no such table: x": lambda c, p: c.execute("SELECT * FROM x"),
        }[message]
        with pytest.raises(sqlite3.Error) as raised:
            error(connection, tmp_path)
    finally:
        connection.close()
    assert message in str(raised.value)
    assert outages.cause_of(raised.value) == cause


def _full_disk_error(connection, _path):
    connection.execute("CREATE TABLE t (b BLOB)")
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count={pages}")
    connection.execute("INSERT INTO t VALUES (zeroblob(100000))")


def _locked_error(connection, path):
    connection.isolation_level = None
    connection.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path / "x.sqlite", timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def _cannot_open_error(_connection, path):
    sqlite3.connect(path / "no" / "such" / "dir.sqlite")


def test_the_health_check_names_an_outage_once_not_on_every_probe(caplog):
    app = create_app({"SECRET_KEY": "x", "TESTING": True,
                      "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"})
    caplog.set_level(logging.ERROR, logger="readiness")
    client = app.test_client()
    assert all(client.get("/healthz").status_code == 503 for _ in range(20))
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["database unavailable"]
    assert not any(r.exc_info for r in caplog.records)
