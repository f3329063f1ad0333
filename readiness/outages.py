"""Database troubles that pass by themselves, named, and a log that says so once in a while.

A full disk, a stopped PostgreSQL or a write lock held past the busy timeout fail every
request alike until they end: each is worth a 503 with Retry-After and one log line that names
it, not a 500 and thousands of identical lines. Anything else the database raises (a missing
table, a broken query) is a bug and stays a 500 with its trace.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import current_app

DISK_FULL = "disk full"
BUSY = "database busy"
UNAVAILABLE = "database unavailable"

#: SQLite's primary result codes (the low byte of the extended code Python reports).
_SQLITE = {5: BUSY, 6: BUSY, 13: DISK_FULL, 10: UNAVAILABLE, 14: UNAVAILABLE}
#: PostgreSQL SQLSTATEs: disk full, out of connections, shutting down or starting up, lock.
_POSTGRES = {"53100": DISK_FULL, "53300": UNAVAILABLE, "57P01": UNAVAILABLE,
             "57P02": UNAVAILABLE, "57P03": UNAVAILABLE, "55P03": BUSY}
_MESSAGES = (("disk is full", DISK_FULL), ("no space left", DISK_FULL),
             ("database is locked", BUSY), ("connection refused", UNAVAILABLE),
             ("server closed the connection", UNAVAILABLE))


def cause_of(error: BaseException) -> str | None:
    """DISK_FULL, BUSY or UNAVAILABLE when ``error`` is one of them, else None.

    ``error`` is SQLAlchemy's wrapper (its ``orig`` is the driver's error) or a driver error.
    """
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _SQLITE:
        return _SQLITE[code & 0xFF]
    state = getattr(original, "sqlstate", None)
    if state in _POSTGRES:
        return _POSTGRES[state]
    if state is not None and state.startswith("08"):  # connection exception
        return UNAVAILABLE
    text = str(original).lower()
    for fragment, cause in _MESSAGES:
        if fragment in text:
            return cause
    if getattr(error, "connection_invalidated", False):
        return UNAVAILABLE
    # psycopg raises an OperationalError without SQLSTATE when it cannot connect at all.
    if state is None and type(original).__module__.startswith("psycopg"):
        return UNAVAILABLE if type(original).__name__ == "OperationalError" else None
    return None


def describe(error: BaseException) -> str:
    """The driver's error class and code, and its first line: never the SQL or its parameters."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorname", None) or getattr(original, "sqlstate", None)
    first_line = str(original).strip().splitlines()[0][:200] if str(original).strip() else ""
    label = type(original).__name__ + (f" {code}" if code else "")
    return f"{label}: {first_line}" if first_line else label


class QuietLog:
    """Logs each cause at most once per ``interval`` seconds, counting the repeats held back."""

    def __init__(self, logger: logging.Logger, interval: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._logger = logger
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        #: cause -> (when its last line was written, repeats since then)
        self._seen: dict[str, tuple[float, int]] = {}

    def error(self, cause: str, detail: str) -> bool:
        """Log ``cause`` unless it was logged less than ``interval`` ago; whether it logged."""
        now = self._clock()
        with self._lock:
            last, held_back = self._seen.get(cause, (None, 0))
            if last is not None and now - last < self._interval:
                self._seen[cause] = (last, held_back + 1)
                return False
            self._seen[cause] = (now, 0)
        if last is None:
            self._logger.error("%s: %s", cause, detail)
        else:
            self._logger.error("%s: %s (%d more since the last such line, %.0f s ago)",
                               cause, detail, held_back, now - last)
        return True


#: One line per cause and worker in this many seconds, however many requests fail.
LOG_INTERVAL = 10.0
_LOG = "readiness.outage_log"


def quiet_log() -> QuietLog:
    """The application's outage log (one per application, so each test starts afresh)."""
    found = current_app.extensions.get(_LOG)
    if found is None:
        found = current_app.extensions[_LOG] = QuietLog(logging.getLogger("readiness"),
                                                        LOG_INTERVAL)
    return found
