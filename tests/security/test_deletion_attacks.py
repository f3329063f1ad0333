"""The database reader against deletion (issue 20): once the comms lead deletes a closed
assessment, or its retention period deletes its answers, none of those answers may be left in
the SQLite file or its WAL (free pages and old page versions included), not only in its tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from readiness import db
from tests.admin.helpers import page_token
from tests.questions.conftest import make_pulse_assessment
from tests.questions.test_end_to_end import csv_text, pulse_rows, upload

#: How a stored answer to a several-choices question looks in the answers' JSON.
STORED = b'"news_sources": ["email"'


@pytest.fixture
def usual_sqlite(app):
    """SQLite as most builds ship it (python.org, Homebrew, the official Docker images): deleted
    rows stay in the file's free space unless the application asks otherwise. (Debian's build
    overwrites them by default, which would hide the attack on this machine.)"""

    def _as_built(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA secure_delete=OFF")

    with app.app_context():
        engine = db.engine()
        event.listen(engine, "connect", _as_built, insert=True)  # before our own settings
        engine.dispose()
    return app


def _files(app) -> dict[str, bytes]:
    path = Path(make_url(app.config["DATABASE_URL"]).database)
    return {p.name: p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists()}


def _imported(app, admin_client) -> int:
    assessment_id = make_pulse_assessment(app)
    assert upload(admin_client, assessment_id, csv_text(pulse_rows())).status_code == 302
    assert any(STORED in data for data in _files(app).values()), "the answers are stored"
    return assessment_id


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_deleted_assessment_leaves_no_answer_in_the_files(usual_sqlite, app, admin_client):
    assessment_id = _imported(app, admin_client)
    base = f"/admin/assessments/{assessment_id}"
    reply = admin_client.post(f"{base}/delete", data={"csrf_token": page_token(
        admin_client, f"{base}/delete")})
    assert reply.status_code in (302, 303)
    for name, data in _files(app).items():
        assert STORED not in data, f"a deleted answer is still in {name}"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_answers_past_their_retention_leave_nothing_in_the_files(usual_sqlite, app,
                                                                 admin_client):
    from datetime import date, timedelta

    from readiness.models import Assessment

    assessment_id = _imported(app, admin_client)
    with app.app_context(), db.writing() as session:
        assessment = session.get(Assessment, assessment_id)
        assessment.retention_days = 30
        assessment.closed_on = date.today() - timedelta(days=31)
    result = app.test_cli_runner().invoke(args=["purge-expired"])
    assert "Deleted the responses" in result.output, result.output
    for name, data in _files(app).items():
        assert STORED not in data, f"a purged answer is still in {name}"
