"""Work done once a day by the queue's workers: responses past their retention period are
deleted, and plan owners are reminded of actions falling due.

The queue (`readiness.mail.queue`) runs `run_all` once a day; features add their job with
`register(app, job)` from their ``init_app``, so the queue knows none of them. Each job runs in
its own write transaction, and one job failing does not stop the others. The same work is
available as commands for cron (``purge-expired``, ``plan-reminders``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask

from . import collection, db, lifecycle

_EXTENSION = "readiness.daily"
log = logging.getLogger("readiness.daily")


def _purge_expired() -> object:
    purged = lifecycle.purge_expired()
    return purged


def register(app: Flask, job: Callable[[], object]) -> None:
    """Run ``job`` once a day (inside an application context and a write transaction)."""
    app.extensions.setdefault(_EXTENSION, [_purge_expired]).append(job)


def jobs(app: Flask) -> list[Callable[[], object]]:
    """The daily jobs of ``app``: retention first, then what features registered."""
    return list(app.extensions.get(_EXTENSION, [_purge_expired]))


def run_all(app: Flask) -> dict[str, str]:
    """Run every daily job; what each did, or that it failed (logged with its traceback)."""
    outcome: dict[str, str] = {}
    for job in jobs(app):
        name = getattr(job, "__qualname__", repr(job))
        try:
            with app.app_context():
                with db.writing():
                    result = job()
                if job is _purge_expired and result:
                    collection.checkpoint()  # no page of the deleted answers stays in the WAL
            outcome[name] = f"done: {result!r}"
        except Exception:
            log.exception("daily job %s failed", name)
            outcome[name] = "failed"
    return outcome
