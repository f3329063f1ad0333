"""The application skeleton: configuration, database, health and migrations."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.exc import OperationalError

from readiness import create_app, db, migrate
from readiness.config import ConfigurationError
from readiness.models import Base


def test_environment_overrides_defaults_and_test_config_overrides_environment(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("READINESS_LOGIN_MAX_FAILURES", "3")
    monkeypatch.setenv("READINESS_SQLITE_BUSY_TIMEOUT_MS", "1234")
    app = create_app(
        {"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/a.db", "LOGIN_MAX_FAILURES": 7}
    )
    assert app.config["SQLITE_BUSY_TIMEOUT_MS"] == 1234
    assert app.config["LOGIN_MAX_FAILURES"] == 7


def test_production_without_secret_key_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setenv("READINESS_ENV", "production")
    monkeypatch.delenv("READINESS_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="READINESS_SECRET_KEY"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/a.db"})


def test_production_is_never_in_debug_and_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("READINESS_ENV", "production")
    monkeypatch.setenv("READINESS_SECRET_KEY", "k" * 64)
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/a.db", "DEBUG": True})
    assert app.debug is False
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_development_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    from readiness.config import resolve_secret_key

    key_file = tmp_path / "instance" / "secret_key"
    generated = resolve_secret_key({"SECRET_KEY": None}, str(tmp_path / "instance"))
    assert key_file.read_text().strip() == generated
    assert resolve_secret_key({"SECRET_KEY": None}, str(tmp_path / "instance")) == generated
    assert len(generated) >= 64


def test_healthz_answers_200_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_is_not(tmp_path):
    app = create_app(
        {"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite"}
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


def test_sqlite_connections_use_wal_foreign_keys_and_full_sync(app):
    if app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("SQLite settings")
    with app.app_context():
        connection = db.session().connection()
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == 5000


def test_write_transactions_take_the_write_lock_at_once(app):
    """A second writer is refused at BEGIN, not after it has read, when the first holds the lock."""
    url = app.config["DATABASE_URL"]
    if url.startswith("postgresql"):
        pytest.skip("SQLite locking")
    path = url.removeprefix("sqlite:///")
    with app.app_context():
        db.begin_write()
        other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        db.session().rollback()


def _sqlite_path(app) -> str:
    url = app.config["DATABASE_URL"]
    if url.startswith("postgresql"):
        pytest.skip("SQLite locking")
    return url.removeprefix("sqlite:///")


def test_a_waiting_writer_gets_the_lock_within_milliseconds_of_its_release(app):
    """Not after one of the sleeps of up to 100 ms of SQLite's own busy handler."""
    holder = sqlite3.connect(_sqlite_path(app), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = []

    def release_soon():
        time.sleep(0.2)
        holder.execute("COMMIT")
        released.append(time.monotonic())

    thread = threading.Thread(target=release_soon)
    thread.start()
    with app.app_context():
        db.begin_write()
        got_it = time.monotonic()
        connection = db.session().connection()
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        db.session().rollback()
    thread.join()
    holder.close()
    assert released and got_it - released[0] < 0.02


def test_a_writer_still_gives_up_after_the_busy_timeout(tmp_path):
    url = f"sqlite:///{tmp_path}/busy.sqlite"
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": url, "SQLITE_BUSY_TIMEOUT_MS": 570})
    with app.app_context():
        db.session().connection().exec_driver_sql("CREATE TABLE t (x)")
        db.session().commit()
    holder = sqlite3.connect(f"{tmp_path}/busy.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with app.app_context():
            started = time.monotonic()
            with pytest.raises(OperationalError, match="locked"):
                db.begin_write()
            assert 0.55 < time.monotonic() - started < 2
            db.session().rollback()
            # The connection's own busy timeout is back as configured, to the millisecond.
            connection = db.session().connection()
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 570
            db.session().rollback()
        # Once the lock is free the same application writes again.
        holder.execute("ROLLBACK")
        with app.app_context(), db.writing() as session:
            session.connection().exec_driver_sql("INSERT INTO t VALUES (1)")
    finally:
        holder.close()


def _schema(url: str) -> dict[str, set[str]]:
    engine = create_engine(url)
    inspector = inspect(engine)
    tables = {
        name: {column["name"] for column in inspector.get_columns(name)}
        for name in inspector.get_table_names()
        if name != "alembic_version"
    }
    engine.dispose()
    return tables


def test_migrations_create_the_schema_and_running_them_twice_is_harmless(database_url):
    migrate.upgrade(database_url)
    migrate.upgrade(database_url)
    expected = {t.name: {c.name for c in t.columns} for t in Base.metadata.sorted_tables}
    assert _schema(database_url) == expected


def test_migrations_match_the_models_exactly(database_url):
    """Alembic finds nothing to add: every model change came with a migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    migrate.upgrade(database_url)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_db_upgrade_command_brings_an_empty_database_to_the_schema(database_url):
    """It says what it did: created the schema the first time, nothing to do the second."""
    from readiness.migrate import MIGRATIONS

    head = max(path.name[:4] for path in (MIGRATIONS / "versions").glob("0*.py"))
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": database_url})
    said = []
    for _ in range(2):
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        said.append(result.output.strip())
    assert said == [f"Created the database (schema {head}).",
                    f"The database is already up to date (schema {head})."]
    assert "responses" in _schema(database_url)


def test_db_upgrade_command_names_the_schemas_it_upgraded_from_and_to(database_url):
    from readiness import migrate

    migrate.upgrade(database_url, "0003")
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": database_url})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Upgraded the database from schema 0003 to ")


def test_security_headers_are_on_every_response(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_gets_a_plain_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "We could not find that page" in response.get_data(as_text=True)
