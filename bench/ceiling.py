"""The ceiling: a bare Flask app that stores a whole survey from one POST into SQLite.

It does only what storing an answer cannot avoid: parse the form, open a write transaction
(BEGIN IMMEDIATE, WAL, synchronous=FULL, foreign keys, busy timeout, as ``readiness.db``
does), insert the response and its comments, commit. No templates, sessions, CSRF or ORM.
What the product costs on top of this is the price of its features.

    python -m bench.serve --app ceiling --workers 4 --ports 8201
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
from datetime import date

from flask import Flask, request

from bench.html_forms import Form

SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    id TEXT PRIMARY KEY, submitted_on TEXT NOT NULL, language TEXT NOT NULL,
    segments TEXT NOT NULL, answers TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS comments (
    id TEXT PRIMARY KEY, question_id TEXT NOT NULL, text TEXT NOT NULL
) WITHOUT ROWID;
"""
BUSY_TIMEOUT_MS = 5000
SUBMIT_PATH = "/submit"


def connect(path: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None,
                                 check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    connection.execute("PRAGMA synchronous=FULL")
    return connection


def create_schema(path: str) -> None:
    connection = connect(path)
    connection.executescript(SCHEMA)
    connection.close()


def create_app(database: str | None = None) -> Flask:
    app = Flask(__name__)
    path = database or os.environ["CEILING_DATABASE"]
    busy_timeout = int(os.environ.get("READINESS_SQLITE_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS))
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if getattr(local, "connection", None) is None:
            local.connection = connect(path, busy_timeout)
        return local.connection

    @app.post(SUBMIT_PATH)
    def submit():
        form = request.form
        answers = {k[5:]: 0 if v == "dk" else int(v) for k, v in form.items() if k[:5] == "item_"}
        segments = {k[8:]: v for k, v in form.items() if k[:8] == "segment_"}
        comments = [(k[5:], v.strip()) for k, v in form.items() if k[:5] == "open_" and v.strip()]
        db = connection()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return "busy", 503, {"Retry-After": "2"}
        try:
            db.execute(
                "INSERT INTO responses VALUES (?, ?, ?, ?, ?)",
                (secrets.token_urlsafe(16), date.today().isoformat(),
                 form.get("language", "en"), json.dumps(segments), json.dumps(answers)),
            )
            db.executemany(
                "INSERT INTO comments VALUES (?, ?, ?)",
                [(secrets.token_urlsafe(16), qid, text) for qid, text in comments],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return "", 204

    return app


def survey_form() -> Form:
    """The default instrument's questions as one form, for the ceiling journey."""
    from surveys.loader import default_instrument

    instrument = default_instrument()
    form = Form(action=SUBMIT_PATH, method="post")
    for segment in instrument.segments:
        form.radios[f"segment_{segment.id}"] = [option.id for option in segment.options]
    values = [str(point) for point in range(1, instrument.scale.points + 1)] + ["dk"]
    for dimension in instrument.dimensions:
        for item in instrument.items_of(dimension.id, None):
            form.radios[f"item_{item.id}"] = list(values)
    for question in instrument.open_questions:
        form.texts[f"open_{question.id}"] = question.max_length
    return form
