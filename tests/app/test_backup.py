"""`backup FILE`: an online copy of the SQLite database that is whole and sound."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

import pytest

from readiness import db
from readiness.assessments import AssessmentSpec, create
from readiness.backup import BackupError, backup_sqlite
from readiness.models import Response


def _add_responses(app, count: int) -> int:
    with app.app_context():
        with db.writing() as session:
            assessment = create(AssessmentSpec(title="Wave 1", organisation="Acme"))
            for n in range(count):
                session.add(
                    Response(
                        assessment_id=assessment.id,
                        submitted_on=date.today(),
                        language="en",
                        segments={},
                        answers={"lp1": n % 5 + 1},
                    )
                )
        return assessment.id


def _count(path, assessment_id: int) -> int:
    with sqlite3.connect(path) as copy:
        return copy.execute(
            "SELECT count(*) FROM responses WHERE assessment_id = ?", (assessment_id,)
        ).fetchone()[0]


def test_backup_copies_every_response_into_a_sound_file(app, runner, tmp_path, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("backup copies SQLite; PostgreSQL is refused in its own test")
    assessment_id = _add_responses(app, 25)
    destination = tmp_path / "copy.sqlite"

    result = runner.invoke(args=["backup", str(destination)])

    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    assert _count(destination, assessment_id) == 25
    with sqlite3.connect(destination) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_never_overwrites_an_existing_file(app, runner, tmp_path, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite only")
    destination = tmp_path / "copy.sqlite"
    destination.write_bytes(b"keep me")

    result = runner.invoke(args=["backup", str(destination)])

    assert result.exit_code != 0
    assert "already exists" in result.output
    assert destination.read_bytes() == b"keep me"


def test_backup_refuses_postgresql_and_names_pg_dump(app, runner, tmp_path, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL only")

    result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite")])

    assert result.exit_code != 0
    assert "pg_dump" in result.output


def test_backup_taken_while_a_writer_holds_the_lock_is_a_consistent_snapshot(tmp_path):
    live = tmp_path / "live.sqlite"
    with sqlite3.connect(live) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE answers (n INTEGER)")
        setup.executemany("INSERT INTO answers VALUES (?)", [(n,) for n in range(100)])
    writer = sqlite3.connect(live, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO answers VALUES (1000)")  # not committed yet
    copied = threading.Event()

    def commit_after_copy():
        copied.wait(10)
        writer.execute("COMMIT")

    committer = threading.Thread(target=commit_after_copy)
    committer.start()
    try:
        backup_sqlite(live, tmp_path / "copy.sqlite")
    finally:
        copied.set()
        committer.join()
        writer.close()

    with sqlite3.connect(tmp_path / "copy.sqlite") as copy:
        assert copy.execute("SELECT count(*) FROM answers").fetchone()[0] == 100


def test_backup_of_a_missing_database_says_so(tmp_path):
    with pytest.raises(BackupError, match="no database"):
        backup_sqlite(tmp_path / "absent.sqlite", tmp_path / "copy.sqlite")
