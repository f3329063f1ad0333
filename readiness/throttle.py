"""Counting failures per key in a time window, shared by every worker when Redis is configured.

Login and code entry both use it. In one process the counts live in memory; with
``READINESS_REDIS_URL`` set they live in Redis, so several workers and machines see the same
counts.
"""

from __future__ import annotations

import hashlib
import threading
import time

from flask import Flask, current_app

_EXTENSION = "readiness.throttle"


def _key(scope: str, subject: str) -> str:
    # Keys are hashed so that Redis never holds an e-mail address or a code in clear.
    digest = hashlib.sha256(f"{scope}:{subject}".encode()).hexdigest()[:32]
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


class RedisCounter:
    """Failure counts shared through Redis (fixed window, expiring keys)."""

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)

    def count(self, key: str) -> int:
        value = self._redis.get(key)
        return int(value) if value else 0

    def add(self, key: str, window: int) -> int:
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, window, nx=True)
        hits, _ = pipe.execute()
        return int(hits)

    def clear(self, key: str) -> None:
        self._redis.delete(key)


class Throttle:
    """At most ``limit`` failures per subject in ``window`` seconds."""

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


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions[_EXTENSION] = RedisCounter(url) if url else MemoryCounter()
