"""The real queue with real worker processes: on SQLite (embedded) and on Redis.

A worker killed in the middle of a batch (while a message is in flight at the SMTP server)
leaves every address with exactly one message once another worker has taken over.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select

from readiness import db
from readiness.mail.outbox import Outgoing, queue_messages
from readiness.mail.sink import Sink
from readiness.models.mail import SENT, MailMessage

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def queue_backend(request, app, tmp_path):
    """The app's queue settings, shared with worker processes started by `start_worker`."""
    if app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("the worker tests run on SQLite; the queue is the same on PostgreSQL")
    settings = {"QUEUE_FILE": str(tmp_path / "queue.sqlite"), "MAIL_BATCH_SIZE": 5,
                "MAIL_LEASE_SECONDS": 2, "MAIL_PARALLEL": 1, "QUEUE_IMMEDIATE": False}
    if request.param == "redis-queue":
        if not _redis_reachable():
            pytest.skip(f"no Redis at {REDIS_URL}")
        settings |= {"REDIS_URL": REDIS_URL,
                     "REDIS_KEY_PREFIX": f"readiness-test-{uuid.uuid4().hex[:12]}"}
    app.config.update(settings)
    yield settings
    if "REDIS_URL" in settings:
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"*{settings['REDIS_KEY_PREFIX']}*"):
            client.delete(key)


def start_worker(app, settings: dict, sink: Sink) -> subprocess.Popen:
    env = {**os.environ, "READINESS_DATABASE_URL": app.config["DATABASE_URL"],
           "READINESS_SECRET_KEY": app.config["SECRET_KEY"],
           "READINESS_SMTP_HOST": "127.0.0.1", "READINESS_SMTP_PORT": str(sink.port),
           "READINESS_SMTP_SECURITY": "none", "READINESS_LOG_LEVEL": "WARNING"}
    env.update({f"READINESS_{name}": str(value) for name, value in settings.items()
                if name != "QUEUE_IMMEDIATE"})
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _queue(app, addresses: list[str]) -> None:
    with app.app_context(), db.writing():
        queue_messages(Outgoing(to=address, subject="Invitation", text="Your link", key=address,
                                kind="invitation") for address in addresses)


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _sent(app) -> int:
    with app.app_context():
        return db.session().scalar(
            select(func.count()).select_from(MailMessage).where(MailMessage.state == SENT))


def test_a_worker_process_delivers_what_a_request_queued(app, queue_backend):
    sink = Sink(keep=False).start()
    worker = start_worker(app, queue_backend, sink)
    try:
        _queue(app, [f"p{n}@example.org" for n in range(12)])
        assert _wait_for(lambda: _sent(app) == 12, 30), f"only {_sent(app)} of 12 sent"
    finally:
        worker.kill()
        worker.wait()
        sink.stop()
    assert sorted(to for to, _ in sink.received) == sorted(f"p{n}@example.org" for n in range(12))


def test_a_worker_killed_mid_batch_leaves_every_address_exactly_one_message(app, queue_backend):
    addresses = [f"person{n}@example.org" for n in range(40)]
    sink = Sink(keep=False, delay=0.02).start()
    seen = Counter()
    killed = threading.Event()
    worker = start_worker(app, queue_backend, sink)

    def kill_at_the_seventeenth(address: str) -> None:
        seen[address] += 1
        if sum(seen.values()) == 17 and not killed.is_set():
            worker.send_signal(signal.SIGKILL)  # mid-batch: message 17 is in flight
            worker.wait()
            killed.set()

    sink.on_recipient = kill_at_the_seventeenth
    successor = None
    try:
        _queue(app, addresses)
        assert killed.wait(30), "the first worker never reached the 17th message"
        assert len(sink.received) == 16
        successor = start_worker(app, queue_backend, sink)
        assert _wait_for(lambda: _sent(app) == len(addresses), 45), \
            f"only {_sent(app)} of {len(addresses)} sent"
    finally:
        for process in (worker, successor):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        sink.stop()
    received = Counter(to for to, _ in sink.received)
    assert received == Counter(dict.fromkeys(addresses, 1))
    assert len({message_id for _, message_id in sink.received}) == len(addresses)


def test_the_worker_refuses_an_unknown_smtp_security_setting(app):
    app.config["SMTP_SECURITY"] = "ssl"
    result = app.test_cli_runner().invoke(args=["worker"])
    assert result.exit_code != 0
    assert "use one of starttls, tls, none" in result.output
