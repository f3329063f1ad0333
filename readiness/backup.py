"""Copying the SQLite database while the survey keeps taking answers.

SQLite's online backup API copies every page inside one read transaction, so the copy is the
database exactly as it was when the backup began: writers carry on (WAL), and nothing committed
later is half in it. The copy is written beside the destination, checked with
``PRAGMA integrity_check`` and only then renamed into place, so a file at the destination is
always a whole, sound database.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """The backup could not be made; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    pages: int
    bytes: int


def sqlite_path(database_url: str) -> Path:
    """The file behind a SQLite URL; BackupError for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "backup copies the SQLite database file; for PostgreSQL use pg_dump instead."
        )
    return Path(url.database)


def backup_sqlite(source: Path, destination: Path, busy_timeout_ms: int = 5000) -> BackupResult:
    """Copy ``source`` to ``destination`` (which must not exist) with the online backup API."""
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose a new file name.")
    if not Path(source).exists():
        raise BackupError(f"there is no database at {source}.")
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(source, timeout=busy_timeout_ms / 1000)) as live, \
                closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)  # every page in one step: one consistent snapshot
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            pages = copy.execute("PRAGMA page_count").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"the copy failed its integrity check: {verdict}")
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        partial.replace(destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(destination, pages, destination.stat().st_size)
