"""The task queue: Huey, on SQLite in the instance folder by default and on Redis when
``READINESS_REDIS_URL`` is set; the same tasks either way.

One queue per application, made on first use (so tests that move the instance folder get their
own). Tasks run inside an application context of the app that made the queue. Workers:
``flask --app wsgi worker`` (`worker.py`), as many as wanted on as many machines as share the
Redis and the database.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:  # Huey (and the redis and psycopg it loads) only where a queue is made
    from huey import Huey

_EXTENSION = "readiness.queue"
_lock = threading.Lock()
log = logging.getLogger("readiness.mail")


def get_huey(app: Flask | None = None) -> Huey:
    """The queue of ``app`` (the current one by default), made and its tasks registered once."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    with _lock:
        huey = app.extensions.get(_EXTENSION)
        if huey is None:
            huey = app.extensions[_EXTENSION] = _make(app)
    return huey


def _make(app: Flask) -> Huey:
    from huey import RedisHuey, SqliteHuey

    config = app.config
    immediate = bool(config.get("QUEUE_IMMEDIATE"))
    if config.get("REDIS_URL") and not immediate:
        huey: Huey = RedisHuey(
            f"{config.get('REDIS_KEY_PREFIX', 'readiness')}-mail", url=config["REDIS_URL"]
        )
    else:
        path = config.get("QUEUE_FILE") or str(Path(app.instance_path) / "queue.sqlite")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey("readiness-mail", filename=path, immediate=immediate)
    _register(huey, app)
    return huey


def _register(huey: Huey, app: Flask) -> None:
    from huey import crontab

    from . import delivery, schedule

    @huey.task(name="mail.deliver")
    def deliver() -> int:
        with app.app_context():
            sent, more = delivery.deliver_batch()
        if more:
            deliver()  # the next batch, on whichever worker is free
        return sent

    @huey.task(name="mail.run")
    def run(job: str, assessment_id: int, round_key: str | None = None) -> None:
        """A job too long for a request (making a round's messages), done by a worker. Returns
        nothing: the queue would keep the count, which for a reminder to those who have not
        answered says how many of the list answered."""
        with app.app_context():
            schedule.run_job(job, assessment_id, round_key)

    @huey.periodic_task(crontab(minute="*"), name="mail.tick")
    def tick() -> None:
        """Every minute: give back claims of dead workers, send scheduled reminders, delete
        the lists of surveys that have ended, and wake delivery when anything is due."""
        with app.app_context():
            schedule.tick()
        deliver()

    @huey.periodic_task(crontab(hour="5", minute="30"), name="readiness.daily")
    def daily() -> None:
        """Once a day: retention and the plan's reminders (`readiness.daily`)."""
        from .. import daily as daily_jobs

        daily_jobs.run_all(app)
        deliver()

    huey.readiness_tasks = {"deliver": deliver, "run": run, "tick": tick, "daily": daily}  # type: ignore[attr-defined]


def kick(huey: Huey, count: int = 1) -> None:
    """Ask for delivery: enough parallel deliverers for ``count`` new messages."""
    batches = max(1, -(-count // int(current_app.config["MAIL_BATCH_SIZE"])))
    deliver = huey.readiness_tasks["deliver"]  # type: ignore[attr-defined]
    for _ in range(min(batches, int(current_app.config.get("MAIL_PARALLEL", 4)))):
        deliver()


def kick_later(huey: Huey, seconds: float) -> None:
    """Ask for delivery again in ``seconds`` (after a temporary failure or a dead worker)."""
    if huey.immediate:
        return  # tests run tasks at once; a later retry is what `deliver_due` is for
    huey.readiness_tasks["deliver"].schedule(delay=max(1.0, seconds))  # type: ignore[attr-defined]


def enqueue_job(job: str, assessment_id: int, round_key: str | None = None) -> None:
    """Run a long job (see `schedule.run_job`) on a worker."""
    get_huey().readiness_tasks["run"](job, assessment_id, round_key)  # type: ignore[attr-defined]
