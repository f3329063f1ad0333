"""The database: one engine per application, one session per request.

SQLite is tuned for a web server: WAL so readers never wait for the writer, foreign keys on,
a busy timeout, ``synchronous=FULL`` so an acknowledged response survives a power cut, and
write transactions that begin IMMEDIATE, because a deferred transaction that reads and then
writes fails at once (SQLITE_BUSY) when another writer got there first. The write-ahead log is
kept small (checkpointed every ``WAL_AUTOCHECKPOINT_PAGES``, cut back to
``JOURNAL_SIZE_LIMIT_BYTES``) so that the service comes back by itself on a nearly full disk.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

from flask import Flask, current_app, g, request
from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Engine, Row
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Executable

from . import outages

_EXTENSION = "readiness.db"
_IMMEDIATE = {"sqlite_begin": "IMMEDIATE"}
_BEGIN_IMMEDIATE = "BEGIN IMMEDIATE"
#: On a connection's info: its transaction began DEFERRED and has only read since.
_ONLY_READ_SO_FAR = "readiness_only_read_so_far"
#: Set on SQLite's error when BEGIN IMMEDIATE gave up after the whole busy timeout.
_WAITED_AT_BEGIN = "readiness_waited_at_begin"
#: Marks a connection that runs one read and nothing else (`read_row`): no BEGIN on SQLite.
_SINGLE_READ = "readiness_single_read"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_WRITING_BLUEPRINTS = {"admin", "auth", "report"}
_T = TypeVar("_T")

#: SQLite checkpoints the write-ahead log into the database after this many pages (its default
#: is 1,000, 4 MB): a log that must grow to 4 MB before it is ever reset never resets on a
#: volume with less than that free, and every write then fails for good. 100 pages is 400 KB,
#: a checkpoint every few dozen submits.
WAL_AUTOCHECKPOINT_PAGES = 100
#: After a checkpoint the log file is cut back to this size, so that one large transaction
#: (an import) does not keep its space on the disk for ever.
JOURNAL_SIZE_LIMIT_BYTES = 1024 * 1024


def make_engine(url: str, *, busy_timeout_ms: int = 5000) -> Engine:
    """An engine for ``url`` with the SQLite settings above when it is SQLite."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
            hide_parameters=True,  # errors and logs never print what someone typed
        )
        _tune_sqlite(engine, busy_timeout_ms)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True
    )


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows (answers past retention, a deleted assessment, an address list) are
        # overwritten with zeros, whatever the SQLite build's default: most leave them in
        # the file's free space.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
        cursor.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT_BYTES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        options = connection.get_execution_options()
        if options.get(_SINGLE_READ):
            return  # one SELECT is consistent by itself; the driver is in autocommit mode
        mode = options.get("sqlite_begin", "DEFERRED")
        if mode == "IMMEDIATE":
            _begin_immediate(connection, int(busy_timeout_ms))
        else:
            connection.exec_driver_sql(f"BEGIN {mode}")
        connection.info[_ONLY_READ_SO_FAR] = mode != "IMMEDIATE"

    @event.listens_for(engine, "before_cursor_execute")
    def _note_writes(connection, _cursor, statement, _parameters, _context, _many):
        if connection.info.get(_ONLY_READ_SO_FAR) and statement.lstrip()[:6].upper() not in (
            "SELECT", "PRAGMA"
        ):
            connection.info[_ONLY_READ_SO_FAR] = False


#: How long a writer waiting for SQLite's lock sleeps between tries: short, since writers hold
#: the lock for a millisecond or two.
_FIRST_PAUSE, _LONGEST_PAUSE = 0.0002, 0.002


def _begin_immediate(connection, timeout_ms: int) -> None:
    """BEGIN IMMEDIATE, waiting up to ``timeout_ms`` for another writer to finish.

    SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25 ... 100 ms between tries, so at
    the nine o'clock rush a submit that meets another one mid-commit slept tens of
    milliseconds after the lock was free again, and its worker served no one meanwhile. Here
    the tries come every 0.2 to 2 ms; past ``timeout_ms`` the "database is locked" error goes
    on as before (a 503 with Retry-After).
    """
    # On the driver's own cursor: these statements return nothing, and going through
    # SQLAlchemy's result machinery three times cost a sixth of the whole submit.
    cursor = connection.connection.cursor()
    cursor.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + timeout_ms / 1000
        pause = _FIRST_PAUSE
        while True:
            try:
                cursor.execute(_BEGIN_IMMEDIATE)
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() + pause > deadline:
                    # Marked on the driver's error, which SQLAlchemy wraps again on its way up.
                    setattr(error, _WAITED_AT_BEGIN, True)
                    raise exc.OperationalError(_BEGIN_IMMEDIATE, None, error) from error
            time.sleep(pause)
            pause = min(pause * 2, _LONGEST_PAUSE)
    finally:
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cursor.close()


#: At most one checkpoint attempt per process in this many seconds after a full disk.
_RELIEF_INTERVAL = 1.0
_relief_lock = threading.Lock()
_last_relief = [float("-inf")]


def relieve_full_disk() -> bool:
    """After a "disk full" error: move the log into the database and truncate it, if possible.

    Gives the space of frames that were already checkpointed back to the volume, so the next
    writer needs only what it writes. Never waits for a lock (a busy database just skips it),
    and runs at most once a second per process however many requests fail. Whether it ran to
    the end; a no-op on other databases.
    """
    if engine().dialect.name != "sqlite":
        return False
    with _relief_lock:
        now = time.monotonic()
        if now - _last_relief[0] < _RELIEF_INTERVAL:
            return False
        _last_relief[0] = now
    timeout_ms = int(current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
    connection = engine().raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA busy_timeout=0")
        try:
            busy, _log_pages, _moved = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return busy == 0
        except sqlite3.Error:
            return False  # still no room for the pages it would move; the next error tries again
        finally:
            cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
            cursor.close()
    finally:
        connection.close()


def init_app(app: Flask, url: str) -> None:
    """Bind an engine and a session factory to ``app``; sessions close after each request."""
    engine = make_engine(url, busy_timeout_ms=int(app.config["SQLITE_BUSY_TIMEOUT_MS"]))
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    app.extensions[_EXTENSION] = (engine, factory)

    @app.before_request
    def _writers_begin_immediately():
        # Staff forms read, then write: start them as writers so SQLite never has to upgrade
        # a read lock under contention. Survey pages opt in where they write (the submit).
        if request.method not in _SAFE_METHODS and request.blueprint in _WRITING_BLUEPRINTS:
            begin_write()

    @app.teardown_appcontext
    def _close_session(_error):
        # close() ends any open transaction with a rollback as it returns the connection to
        # the pool; an explicit rollback() first would only do that work twice.
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def forget_inherited_connections(app: Flask) -> None:
    """In a freshly forked worker: never reuse a connection the parent process opened."""
    app.extensions[_EXTENSION][0].dispose(close=False)


def engine() -> Engine:
    return current_app.extensions[_EXTENSION][0]


def session() -> Session:
    """The session of the current request or app context."""
    current = g.get("db_session")
    if current is None:
        factory = current_app.extensions[_EXTENSION][1]
        current = g.db_session = factory()
    return current


def in_transaction() -> bool:
    """Whether the current request's session has begun a transaction (a writer has, early)."""
    current = g.get("db_session")
    return current is not None and current.in_transaction()


def upsert_insert(dialect: str, table):
    """An INSERT of ``dialect`` that takes ``ON CONFLICT`` (SQLite's or PostgreSQL's).

    The dialect's module is imported here, on first use: PostgreSQL's alone takes about 30 ms
    to import, which every command and worker would otherwise pay at start-up.
    """
    from importlib import import_module

    return import_module(f"sqlalchemy.dialects.{dialect}").insert(table)


def read_row(statement: Executable, parameters: dict) -> Row | None:
    """The first row of one read-only statement.

    Inside the request's transaction when one has begun (a writer reads what it writes
    against); otherwise on a pooled connection of its own, without an ORM session and, on
    SQLite, without BEGIN and ROLLBACK: the survey pages read one row per request this way.
    """
    if in_transaction():
        return g.db_session.connection().execute(statement, parameters).first()
    with engine().connect() as connection:
        connection.execution_options(**{_SINGLE_READ: True})
        return connection.execute(statement, parameters).first()


def begin_write() -> Session:
    """Start the current transaction as a writer (BEGIN IMMEDIATE on SQLite).

    Call it before the first query of anything that will write; on other databases it only
    returns the session.
    """
    current = session()
    if engine().dialect.name != "sqlite":
        return current
    if current.in_transaction() and _only_read_so_far(current):
        # A transaction that began by reading (an instrument a fresh worker had not cached yet)
        # holds a snapshot; once another worker commits, SQLite refuses to turn it into a
        # writer (SQLITE_BUSY_SNAPSHOT), at once and without waiting. It has written nothing:
        # end it and begin again as a writer, which reads the latest data.
        current.rollback()
    if not current.in_transaction():
        current.connection(execution_options=_IMMEDIATE)
    return current


def _only_read_so_far(current: Session) -> bool:
    if current.new or current.dirty or current.deleted:
        return False
    return bool(current.connection().info.get(_ONLY_READ_SO_FAR))


def commit() -> None:
    """The one commit point of a request or command."""
    session().commit()


#: Pauses between the attempts of `retry_when_busy`, in seconds.
_RETRY_PAUSES = (0.005, 0.02, 0.05, 0.1)


def retry_when_busy(transaction: Callable[[], _T], *, attempts: int = 3) -> _T:
    """Run ``transaction`` (a whole write transaction, its commit included) until it succeeds,
    trying again, up to ``attempts`` times in all, when SQLite answers "busy" after its BEGIN.

    Such an answer means nothing of the attempt was written: the session is rolled back and
    the transaction runs again from its BEGIN, so whatever it read and checked is read and
    checked afresh. A BEGIN IMMEDIATE that gave up has already waited the whole busy timeout
    and is not tried again (it becomes the usual 503); any other error, and every error on
    other databases, passes through at once.
    """
    for attempt in range(1, attempts + 1):
        try:
            return transaction()
        except exc.OperationalError as error:
            if (
                attempt == attempts
                or engine().dialect.name != "sqlite"
                or getattr(error.orig, _WAITED_AT_BEGIN, False)
                or outages.cause_of(error) != outages.BUSY
            ):
                raise
            session().rollback()
        time.sleep(_RETRY_PAUSES[min(attempt, len(_RETRY_PAUSES)) - 1])
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def writing():
    """A write transaction for commands and scripts: commits on success, rolls back on error."""
    current = begin_write()
    try:
        yield current
        current.commit()
    except BaseException:
        current.rollback()
        raise
