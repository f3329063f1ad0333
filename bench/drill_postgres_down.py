"""Drill: PostgreSQL is stopped for 5 s under load, then started again.

    python -m bench.drill_postgres_down       # needs pg_ctlcluster and the right to use it

The product runs on the local PostgreSQL (database ``readiness_bench``). At 4 s the cluster is
stopped (``pg_ctlcluster … stop``) and at 9 s, or once the stop has finished, started again;
it is started again whatever happens. Passes when requests meanwhile were answered 503 with
Retry-After (never 500), the log named the outage in a few lines rather than one per request,
surveys completed again after the restart, every acknowledged submission is stored whole and
none twice.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench.drill_support import data_checks, drill_load, judge
from bench.serve import running

PORT = 8171
STOP_AT, START_AT, DURATION = 4.0, 9.0, 18.0


def cluster() -> list[str]:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def postgres(action: str) -> None:
    subprocess.run([*cluster(), action], check=True, capture_output=True, timeout=60)


def main() -> int:
    events: dict[str, float] = {}
    try:
        with running("product", "postgres", 4, (PORT,)) as deployment:

            def stop() -> None:
                events["stopping"] = time.monotonic() - started
                postgres("stop")
                events["stopped"] = time.monotonic() - started

            def start() -> None:
                postgres("start")
                events["started"] = time.monotonic() - started

            started = time.monotonic()
            tally, verdict = drill_load(deployment, [(STOP_AT, stop), (START_AT, start)],
                                        clients=30, duration=DURATION)
            seconds = time.monotonic() - started
            log = Path(deployment.workdir, f"gunicorn-{PORT}.log").read_text(errors="replace")
    finally:
        subprocess.run([*cluster(), "start"], capture_output=True, timeout=60)  # never left down
    refused = tally.statuses.get(503, 0)
    failures = {k: v for k, v in tally.errors.items() if k[:1] == "5" and "503" not in k}
    outage_lines = [line for line in log.splitlines() if "database unavailable" in line]
    checks = [
        ("started" in events,
         f"PostgreSQL stopping from {events.get('stopping', 0):.1f} s, down from "
         f"{events.get('stopped', 0):.1f} s, up again at {events.get('started', 0):.1f} s"),
        (refused > 0, f"requests meanwhile answered 503 ({refused} times)"),
        (tally.busy_without_retry_after == 0, "every 503 carried Retry-After"),
        (not failures, f"no other server error ({failures or 'none'})"),
        (0 < len(outage_lines) <= 4 * (int(seconds / 10) + 1),
         f"the log named the outage in {len(outage_lines)} lines for {refused} refusals "
         f"(at most one per worker in 10 s; {seconds:.0f} s)"),
        ("cut off at the hard time limit" not in tally.errors and tally.completed > 0,
         f"surveys completed again after the restart ({tally.completed} in all, none cut off)"),
        *data_checks(verdict),
    ]
    return judge("PostgreSQL stopped for 5 s under load", tally, checks)


if __name__ == "__main__":
    sys.exit(main())
