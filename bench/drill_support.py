"""What every fault drill shares: run load while something goes wrong, then judge and say so."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from bench.journey import Policy, Tally
from bench.load import Plan, run
from bench.serve import Deployment
from bench.verify import Verdict, verify

#: Respondents in a drill behave like people: reload after a dropped connection, wait when
#: told to (503 + Retry-After), and give up after about ten seconds of trouble.
PATIENT = Policy(retry_busy=True, retry_lost=True, attempts=50, max_wait=2.0)


def drill_load(deployment: Deployment, actions: list[tuple[float, Callable[[], None]]],
               clients: int = 30, duration: float = 12.0,
               policy: Policy = PATIENT) -> tuple[Tally, Verdict]:
    plan = Plan(clients=clients, duration=duration, processes=1, seed=11, policy=policy)
    tally, _seconds, _cpu = run(deployment, plan, actions)
    return tally, verify(deployment, tally)


def integrity(path: str) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def judge(name: str, tally: Tally, checks: list[tuple[bool, str]]) -> int:
    """Print every check and PASS or FAIL; the exit status for the script."""
    errors = dict(tally.errors) or "none"
    print(f"{name}: {tally.completed} surveys completed; errors seen {errors}")
    for ok, description in checks:
        print(f"  [{'ok' if ok else 'FAILED'}] {description}")
    passed = all(ok for ok, _ in checks)
    print(f"{'PASS' if passed else 'FAIL'} {name}", flush=True)
    return 0 if passed else 1


def data_checks(verdict: Verdict) -> list[tuple[bool, str]]:
    return [
        (verdict.lost == 0, f"every acknowledged submission is stored ({verdict.describe()})"),
        (verdict.unexpected == 0, "no stored response is partial, altered or invented"),
        (verdict.duplicated == 0, "no response is stored twice"),
        (verdict.comments_lost == 0 and verdict.comments_unexpected == 0,
         "comments stored exactly as acknowledged"),
    ]

