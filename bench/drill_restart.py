"""Drill: the server is restarted mid-load, once gracefully and once by a crash.

    python -m bench.drill_restart

At 4 s the gunicorn master gets SIGTERM (it finishes requests in flight, then exits) and is
started again on the same port and database; at 10 s every gunicorn process is killed with
SIGKILL at once, as a power cut of the process would, and started again. Respondents reload
while the port is closed. Passes when every acknowledged submission is stored whole, nothing is
stored twice, the database passes its integrity check, and surveys complete after each restart.
"""

from __future__ import annotations

import sys
import time

from bench.drill_support import data_checks, drill_load, integrity, judge
from bench.serve import running

PORT = 8131


def main() -> int:
    events: list[str] = []
    with running("product", "sqlite", 4, (PORT,)) as deployment:

        def restart(crash: bool):
            def action() -> None:
                started = time.monotonic()
                deployment.stop(PORT, crash=crash)
                deployment.start(PORT)
                kind = "crash (SIGKILL to every process)" if crash else "graceful (SIGTERM)"
                events.append(f"{kind}: back in {time.monotonic() - started:.1f} s")
            return action

        tally, verdict = drill_load(
            deployment, [(4.0, restart(False)), (10.0, restart(True))], clients=30,
            duration=16.0,
        )
        sound = integrity(deployment.sqlite_path)
    checks = [
        (len(events) == 2, "; ".join(events) or "no restart happened"),
        *data_checks(verdict),
        (sound == "ok", f"PRAGMA integrity_check: {sound}"),
        (tally.completed > 0, "surveys completed"),
    ]
    return judge("server restarted mid-load", tally, checks)


if __name__ == "__main__":
    sys.exit(main())
