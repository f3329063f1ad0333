"""The queue's worker: ``flask --app wsgi worker`` (``make demo`` and ``make run`` start one).

Each worker runs the queue's tasks in threads of its own and the every-minute housekeeping;
start as many workers as wanted, on as many machines as share the database (and Redis, when
``READINESS_REDIS_URL`` is set). A worker that is killed loses nothing: its claims run out and
another worker sends what it had not finished.
"""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import db
from . import delivery, queue, smtp


@click.command("worker")
@with_appcontext
@click.option("--threads", default=1, show_default=True, help="Tasks run at once in this worker.")
@click.option("--quiet", is_flag=True, help="Log only warnings and errors (make demo uses it).")
def worker_command(threads: int, quiet: bool) -> None:
    """Deliver queued mail and run scheduled mail jobs until stopped."""
    from huey.consumer import Consumer  # here, so other commands start without Huey

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    security = str(app.config.get("SMTP_SECURITY", "")).lower()
    if security not in smtp.SECURITIES:
        raise click.ClickException(
            f"READINESS_SMTP_SECURITY={security!r}: use one of {', '.join(smtp.SECURITIES)}.")
    huey = queue.get_huey(app)
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(asctime)s worker %(message)s")
    delivery.marks_survive_a_crash_not_a_power_cut(db.engine())
    delivery.recover()
    # Look for work at least every second when idle (Huey's default backs off to 10 s), so
    # that a retry or a dead worker's messages go out soon after they are due.
    Consumer(huey, workers=threads, worker_type="thread", periodic=True,
             check_worker_health=True, max_delay=1.0).run()


def init_app(app) -> None:
    app.cli.add_command(worker_command)
