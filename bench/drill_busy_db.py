"""Drill: another process holds the SQLite write lock for longer than the busy timeout.

    python -m bench.drill_busy_db

The server runs with READINESS_SQLITE_BUSY_TIMEOUT_MS=300; three times during the load a
separate process takes the write lock (BEGIN IMMEDIATE) and keeps it for 1.5 s. Passes when
writers that cannot get the lock answer 503 with Retry-After (never 500, never a cut-short
page), respondents who retry get through, and every acknowledged submission is stored whole.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import time

from bench.drill_support import data_checks, drill_load, integrity, judge
from bench.serve import running

PORT = 8121
BUSY_TIMEOUT_MS = 300
HOLD_SECONDS = 1.5


def hold_lock(path: str, seconds: float) -> None:
    """Take SQLite's write lock and keep it, as a long-running import or a stuck tool would."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=10)
    connection.execute("BEGIN IMMEDIATE")
    time.sleep(min(seconds, 10))
    connection.execute("ROLLBACK")
    connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold-lock", nargs=2, metavar=("DATABASE", "SECONDS"))
    args = parser.parse_args(argv)
    if args.hold_lock:
        hold_lock(args.hold_lock[0], float(args.hold_lock[1]))
        return 0
    holders: list[subprocess.Popen] = []
    with running("product", "sqlite", 4, (PORT,), busy_timeout_ms=BUSY_TIMEOUT_MS) as deployment:

        def lock_the_database() -> None:
            holders.append(subprocess.Popen(
                [sys.executable, "-m", "bench.drill_busy_db", "--hold-lock",
                 deployment.sqlite_path, str(HOLD_SECONDS)]
            ))

        tally, verdict = drill_load(
            deployment, [(3.0, lock_the_database), (6.0, lock_the_database),
                         (9.0, lock_the_database)], clients=30, duration=12.0,
        )
        for holder in holders:
            holder.wait(15)
        sound = integrity(deployment.sqlite_path)
    busy = tally.statuses.get(503, 0)
    failures = {k: v for k, v in tally.errors.items() if k[:1] == "5" and "503" not in k}
    checks = [
        (all(h.returncode == 0 for h in holders) and len(holders) == 3,
         f"another process held the write lock {HOLD_SECONDS} s, three times"),
        (busy > 0, f"writers refused while locked answered 503 ({busy} times)"),
        (tally.busy_without_retry_after == 0, "every 503 carried Retry-After"),
        (not failures, f"no other server error ({failures or 'none'})"),
        (tally.errors.get("incomplete response", 0) == 0, "no client received a partial response"),
        *data_checks(verdict),
        (verdict.in_doubt == 0, "no submission was left in doubt: each 503 was a clean refusal"),
        (sound == "ok", f"PRAGMA integrity_check: {sound}"),
    ]
    return judge("SQLite write lock held past the busy timeout", tally, checks)


if __name__ == "__main__":
    sys.exit(main())
