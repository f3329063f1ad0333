"""SQLite on a nearly full volume and under a crashed writer: the log stays small, a full disk
is followed by a checkpoint, and a writer told "busy" after its BEGIN tries again."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from readiness import create_app, db


def _sqlite(app) -> str:
    url = app.config["DATABASE_URL"]
    if not url.startswith("sqlite"):
        pytest.skip("SQLite's write-ahead log")
    return url.removeprefix("sqlite:///")


def _write_rows(app, transactions: int, size: int = 4000) -> None:
    with app.app_context():
        for _ in range(transactions):
            with db.writing() as session:
                session.execute(text("INSERT INTO ballast VALUES (randomblob(:n))"), {"n": size})


@pytest.fixture
def ballast(app):
    path = _sqlite(app)
    with app.app_context(), db.writing() as session:
        session.connection().exec_driver_sql("CREATE TABLE ballast (b BLOB)")
    return path


def test_the_log_is_checkpointed_every_100_pages_and_cut_back_to_1_mb(app):
    _sqlite(app)
    with app.app_context():
        connection = db.session().connection()
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 100
        assert connection.exec_driver_sql("PRAGMA journal_size_limit").scalar() == 1024 * 1024
        db.session().rollback()


def test_the_log_never_grows_past_half_a_megabyte_under_steady_writes(app, ballast):
    """SQLite's default lets it reach 4 MB before its first reset: more than a nearly full
    volume has, so writes failed for good there."""
    largest = 0
    for _ in range(10):
        _write_rows(app, 40)  # 40 transactions of one page and a bit: 1.6 MB in all, ten times
        largest = max(largest, os.path.getsize(f"{ballast}-wal"))
    assert largest < 600 * 1024


def test_after_a_full_disk_the_log_is_moved_into_the_database_and_truncated(app, ballast):
    _write_rows(app, 30)
    assert os.path.getsize(f"{ballast}-wal") > 0
    with app.test_request_context():
        assert db.relieve_full_disk() is True
        assert os.path.getsize(f"{ballast}-wal") == 0
        # At most once a second however many requests fail meanwhile.
        assert db.relieve_full_disk() is False
        db.session().close()


def _busy_error() -> OperationalError:
    """SQLite's own "database is locked", as a statement inside a transaction meets it."""
    holder = sqlite3.connect("file:busy?mode=memory&cache=shared", uri=True, isolation_level=None)
    other = sqlite3.connect("file:busy?mode=memory&cache=shared", uri=True, isolation_level=None,
                            timeout=0)
    try:
        holder.execute("CREATE TABLE IF NOT EXISTS t (x)")
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO t VALUES (1)")
        try:
            other.execute("INSERT INTO t VALUES (2)")
        except sqlite3.OperationalError as error:
            return OperationalError("INSERT INTO t VALUES (?)", (2,), error)
        raise AssertionError("no lock conflict")
    finally:
        holder.close()
        other.close()


def test_a_transaction_told_busy_after_its_begin_is_run_again_and_kept_once(app, ballast):
    attempts = []

    def store():
        attempts.append(1)
        db.begin_write().connection().exec_driver_sql("INSERT INTO ballast VALUES (x'01')")
        if len(attempts) == 1:
            raise _busy_error()  # what a statement meets after another worker's crash
        db.commit()
        return "stored"

    with app.app_context():
        assert db.retry_when_busy(store) == "stored"
        assert len(attempts) == 2
        count = db.session().execute(text("SELECT count(*) FROM ballast")).scalar()
        assert count == 1  # the first attempt's row was rolled back, not kept twice
        db.session().rollback()


def test_retrying_is_bounded_and_keeps_nothing_of_the_failed_attempts(app, ballast):
    attempts = []

    def always_busy():
        attempts.append(1)
        db.begin_write().connection().exec_driver_sql("INSERT INTO ballast VALUES (x'01')")
        raise _busy_error()

    with app.app_context():
        with pytest.raises(OperationalError, match="locked"):
            db.retry_when_busy(always_busy, attempts=3)
        assert len(attempts) == 3
        db.session().rollback()
        assert db.session().execute(text("SELECT count(*) FROM ballast")).scalar() == 0
        db.session().rollback()


def test_a_begin_that_waited_out_the_busy_timeout_is_not_tried_again(tmp_path):
    url = f"sqlite:///{tmp_path}/busy.sqlite"
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": url, "SQLITE_BUSY_TIMEOUT_MS": 300})
    with app.app_context(), db.writing() as session:  # the file exists, in WAL mode
        session.connection().exec_driver_sql("CREATE TABLE t (x)")
    holder = sqlite3.connect(f"{tmp_path}/busy.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    attempts = []

    def store():
        attempts.append(1)
        db.begin_write()

    try:
        with app.app_context():
            started = time.monotonic()
            with pytest.raises(OperationalError, match="locked"):
                db.retry_when_busy(store)
            assert len(attempts) == 1 and time.monotonic() - started < 1.0
            db.session().rollback()
    finally:
        holder.close()


def test_other_errors_are_not_tried_again(app, ballast):
    attempts = []

    def broken():
        attempts.append(1)
        db.begin_write().connection().exec_driver_sql("INSERT INTO no_such_table VALUES (1)")

    with app.app_context():
        with pytest.raises(OperationalError, match="no such table"):
            db.retry_when_busy(broken)
        assert len(attempts) == 1
        db.session().rollback()


def test_a_writer_that_read_first_is_not_refused_when_another_worker_committed(app, ballast):
    """A fresh worker reads the instrument before the submit begins writing; its snapshot was
    stale once another worker committed, and SQLite refused the INSERT (SQLITE_BUSY_SNAPSHOT)
    after a worker was killed and replaced."""
    other = sqlite3.connect(ballast, isolation_level=None)
    try:
        with app.app_context():
            db.session().execute(text("SELECT count(*) FROM ballast")).scalar()  # a read first
            other.execute("INSERT INTO ballast VALUES (x'02')")  # another worker's submit
            db.begin_write().execute(text("INSERT INTO ballast VALUES (x'01')"))
            db.commit()
            assert db.session().execute(text("SELECT count(*) FROM ballast")).scalar() == 2
            db.session().rollback()
    finally:
        other.close()


def test_a_transaction_that_wrote_is_never_restarted_by_begin_write(app, ballast):
    with app.app_context():
        db.session().execute(text("INSERT INTO ballast VALUES (x'01')"))  # deferred, then wrote
        db.begin_write()
        db.commit()
        assert db.session().execute(text("SELECT count(*) FROM ballast")).scalar() == 1
        db.session().rollback()
