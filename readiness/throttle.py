"""Counting failures per key in a time window, shared by every worker.

Login and code entry both use it. With ``READINESS_REDIS_URL`` set the counts live in Redis,
so several workers and machines see the same counts; without it they live in the database
(`throttle_counters`), which every worker of one machine (and every machine on one
PostgreSQL) shares as well. `MemoryCounter` is for a single process only.

When the counts cannot be reached (Redis down), throttled actions fail closed:
`ThrottleUnavailable`, answered with a 503 and Retry-After.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import case, delete, select
from sqlalchemy.engine import Engine

from . import db
from .errors import render_error
from .models import ThrottleCounter
from .sealing import keyed_hash

_EXTENSION = "readiness.throttle"
#: The upsert of each engine the database counter runs on.
#: Seconds a client is asked to wait when the counts cannot be reached.
RETRY_AFTER = 30
#: How often (seconds) a worker deletes the database's expired counts.
_PURGE_EVERY = 60

log = logging.getLogger("readiness")


class ThrottleUnavailable(RuntimeError):
    """The shared counts cannot be reached; the action is refused rather than left unguarded."""


def _key(scope: str, subject: str) -> str:
    # Keys are keyed hashes (the key is not in the database nor in Redis): holding the codes
    # list or the staff list, nobody can tell whose link was opened or who failed to sign in.
    digest = keyed_hash("throttle", f"{scope}:{subject}")[:32]
    prefix = current_app.config.get("REDIS_KEY_PREFIX") or "readiness"
    return f"{prefix}:throttle:{scope}:{digest}"


class MemoryCounter:
    """Failure counts for a single process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hits: dict[str, tuple[int, float]] = {}

    def count(self, key: str) -> int:
        with self._lock:
            hits, expires = self._hits.get(key, (0, 0.0))
            return hits if expires > time.monotonic() else 0

    def add(self, key: str, window: int) -> int:
        with self._lock:
            now = time.monotonic()
            hits, expires = self._hits.get(key, (0, 0.0))
            if expires <= now:
                hits, expires = 0, now + window
            self._hits[key] = (hits + 1, expires)
            return hits + 1

    def clear(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


class DatabaseCounter:
    """Failure counts shared through the ``throttle_counters`` table (fixed window).

    Each call is a transaction of its own on its own connection, so a count survives the
    request's rollback and other workers see it at once. SQLite has one writer at a time:
    call it outside a write transaction, or it waits for its own request's lock.
    """

    def __init__(self) -> None:
        self._next_purge = 0.0

    @property
    def _engine(self) -> Engine:
        return db.engine()

    @staticmethod
    def _row_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def count(self, key: str) -> int:
        query = select(ThrottleCounter.hits).where(
            ThrottleCounter.key == self._row_key(key),
            ThrottleCounter.expires_at > int(time.time()),
        )
        with self._engine.connect() as connection:
            return connection.execute(query).scalar() or 0

    def add(self, key: str, window: int) -> int:
        now = int(time.time())
        # Windows are fixed slices of the clock, so a row's end says nothing of when within
        # its window the first attempt came.
        window_end = (now // window + 1) * window
        counter = ThrottleCounter.__table__.c
        expired = counter.expires_at <= now
        # One statement, atomic on both engines: a new row, or the next hit of a live window,
        # or a fresh window in place of an expired one.
        statement = (
            db.upsert_insert(self._engine.dialect.name, ThrottleCounter.__table__)
            .values(key=self._row_key(key), hits=1, expires_at=window_end)
            .on_conflict_do_update(
                index_elements=[counter.key],
                set_={
                    "hits": case((expired, 1), else_=counter.hits + 1),
                    "expires_at": case((expired, window_end), else_=counter.expires_at),
                },
            )
            .returning(counter.hits)
        )
        with self._engine.begin() as connection:
            hits = connection.execute(statement).scalar_one()
        self._purge(now)
        return int(hits)

    def clear(self, key: str) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                delete(ThrottleCounter).where(ThrottleCounter.key == self._row_key(key))
            )

    def _purge(self, now: int) -> None:
        """Drop windows that ended, now and then, so the table stays small."""
        if time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + _PURGE_EVERY
        with self._engine.begin() as connection:
            connection.execute(delete(ThrottleCounter).where(ThrottleCounter.expires_at <= now))


class RedisCounter:
    """Failure counts shared through Redis (fixed window, expiring keys)."""

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._errors = redis.RedisError
        self._down = False

    def _run(self, operation, *args):
        """``operation(*args)``; ThrottleUnavailable, logged once per outage, when Redis fails."""
        try:
            result = operation(*args)
        except self._errors as error:
            if not self._down:
                self._down = True
                log.warning(
                    "throttling counts unreachable in Redis (%s); sign-in and code entry "
                    "answer 503 until it is back", type(error).__name__,
                )
            raise ThrottleUnavailable(type(error).__name__) from None
        if self._down:
            self._down = False
            log.warning("throttling counts reachable in Redis again")
        return result

    def count(self, key: str) -> int:
        value = self._run(self._redis.get, key)
        return int(value) if value else 0

    def add(self, key: str, window: int) -> int:
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, window, nx=True)
        hits, _ = self._run(pipe.execute)
        return int(hits)

    def clear(self, key: str) -> None:
        self._run(self._redis.delete, key)


class Throttle:
    """At most ``limit`` failures per subject in ``window`` seconds.

    Every method raises ThrottleUnavailable when the shared counts cannot be reached.
    """

    def __init__(self, scope: str, limit_setting: str, window_setting: str) -> None:
        self.scope = scope
        self.limit_setting = limit_setting
        self.window_setting = window_setting

    @property
    def _counter(self):
        return current_app.extensions[_EXTENSION]

    def blocked(self, subject: str) -> bool:
        limit = int(current_app.config[self.limit_setting])
        return self._counter.count(_key(self.scope, subject)) >= limit

    def fail(self, subject: str) -> None:
        window = int(current_app.config[self.window_setting])
        self._counter.add(_key(self.scope, subject), window)

    def attempt(self, subject: str) -> bool:
        """Count an attempt before it is judged; False once the limit is used up.

        Counting first, in one atomic step, means parallel requests (many workers, many
        machines) cannot all pass a check made before any of them failed. The caller forgives
        the subject when the attempt succeeds.
        """
        limit = int(current_app.config[self.limit_setting])
        window = int(current_app.config[self.window_setting])
        return self._counter.add(_key(self.scope, subject), window) <= limit

    def forgive(self, subject: str) -> None:
        self._counter.clear(_key(self.scope, subject))


login_throttle = Throttle("login", "LOGIN_MAX_FAILURES", "LOGIN_WINDOW_SECONDS")
code_throttle = Throttle("code", "CODE_MAX_FAILURES", "CODE_WINDOW_SECONDS")


def unavailable_response(title: str, detail: str):
    """A 503 page that asks the reader to come back shortly, with Retry-After."""
    db.session().rollback()
    body, status = render_error(503, title, detail)
    return body, status, {"Retry-After": str(RETRY_AFTER)}


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions[_EXTENSION] = RedisCounter(url) if url else DatabaseCounter()

    @app.errorhandler(ThrottleUnavailable)
    def _counts_unreachable(_error):
        return unavailable_response(
            _("This is unavailable for a moment"), _("Please try again shortly.")
        )
