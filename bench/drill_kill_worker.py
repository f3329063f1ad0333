"""Drill: kill -9 a gunicorn worker three times during load.

    python -m bench.drill_kill_worker

A worker killed while writing leaves its client a cut-short reply; that cannot be avoided, but
it must be detectable. Passes when every response carries its length (so a cut-short one is
never taken for a whole one), every acknowledged submission is stored whole, nothing is stored
twice, no other respondent's submit is refused (a fresh worker's stale read snapshot made
SQLite refuse it, SQLITE_BUSY_SNAPSHOT), and the master has replaced every killed worker.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time

from bench.drill_support import data_checks, drill_load, integrity, judge
from bench.procstat import children
from bench.serve import running

PORT = 8111
WORKERS = 4


def main() -> int:
    killed: list[int] = []
    with running("product", "sqlite", WORKERS, (PORT,)) as deployment:
        master = deployment.masters[0]

        def kill_a_worker() -> None:
            workers = children(master)
            if workers:
                victim = random.choice(workers)
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        tally, verdict = drill_load(
            deployment, [(3.0, kill_a_worker), (6.0, kill_a_worker), (9.0, kill_a_worker)]
        )
        time.sleep(1.0)
        replaced = len(children(master)) == WORKERS and not set(killed) & set(children(master))
        sound = integrity(deployment.sqlite_path)
    checks = [
        (len(killed) == 3, f"three workers were killed with SIGKILL ({killed})"),
        (tally.errors.get("unframed response", 0) == 0,
         "every response was framed by Content-Length, so none cut short could pass as whole "
         f"({tally.errors.get('incomplete response', 0)} cut short by a kill, each detected "
         "and never taken as an answer)"),
        *data_checks(verdict),
        (tally.statuses.get(503, 0) == 0,
         "no one else's Send was refused with 503 because a worker was killed "
         f"({tally.statuses.get(503, 0)} refused; SQLITE_BUSY_SNAPSHOT before commit 529b108)"),
        (replaced, f"the master replaced every killed worker ({WORKERS} running)"),
        (sound == "ok", f"PRAGMA integrity_check: {sound}"),
        (tally.completed > 0, "surveys kept completing"),
    ]
    return judge("kill -9 a worker under load", tally, checks)


if __name__ == "__main__":
    sys.exit(main())
