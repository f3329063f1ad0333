"""Drill: back up SQLite with `backup FILE` while responses arrive, then restore the copy.

    python -m bench.drill_backup

Once at least 20 responses are in, the drill notes every response committed so far (reading
the live database), then runs ``flask --app wsgi backup`` (SQLite's online backup API) while
respondents keep submitting. Afterwards it restores the copy: a server is started on it and
must answer. Passes when the copy passes ``PRAGMA integrity_check``, holds every response
committed before the backup began, holds nothing that was not acknowledged (or in doubt) in the
live run, and the live database still holds every acknowledged submission.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench.drill_support import data_checks, drill_load, integrity, judge
from bench.serve import BIN, Deployment, _python_env, running, start_gunicorn, stop_process
from bench.verify import stored

PORT = 8141
RESTORE_PORT = 8142
ENOUGH_BEFORE = 20


def main() -> int:
    notes: dict = {}
    with running("product", "sqlite", 4, (PORT,)) as deployment:
        copy = Path(deployment.workdir) / "backup.sqlite"

        def back_up() -> None:
            waited = time.monotonic() + 30
            while (sum(stored(deployment)[0].values()) < ENOUGH_BEFORE
                   and time.monotonic() < waited):
                time.sleep(0.5)
            notes["before"], _ = stored(deployment)
            started = time.monotonic()
            done = subprocess.run(
                [str(BIN / "flask"), "--app", "wsgi", "backup", str(copy)],
                cwd=deployment.source, env=_python_env(Path(deployment.source), deployment.env),
                capture_output=True, text=True, timeout=120,
            )
            notes["seconds"] = time.monotonic() - started
            notes["output"] = (done.stdout + done.stderr).strip().splitlines()[-1:]
            notes["status"] = done.returncode

        tally, verdict = drill_load(deployment, [(2.0, back_up)], clients=30, duration=25.0)
        live, _ = stored(deployment)
        restored_answers = restore(deployment, copy) if copy.exists() else None
    before = notes.get("before", Counter())
    in_copy = copied_responses(deployment, copy) if copy.exists() else Counter()
    may_exist = Counter(tally.acknowledged) + Counter(tally.in_doubt)
    checks = [
        (notes.get("status") == 0,
         f"backup ran during the load in {notes.get('seconds', 0):.2f} s: {notes.get('output')}"),
        (copy.exists() and integrity(str(copy)) == "ok", "the copy passes PRAGMA integrity_check"),
        (sum(before.values()) >= ENOUGH_BEFORE and not (before - in_copy),
         f"every response committed before the backup began is in the copy "
         f"({sum(before.values())} before, {sum(in_copy.values())} in the copy, "
         f"{sum(live.values())} live at the end)"),
        (all(key in may_exist for key in in_copy), "the copy holds only whole, sent responses"),
        (restored_answers == 200, f"a server started on the restored copy answers "
                                  f"(landing page status {restored_answers})"),
        *data_checks(verdict),
    ]
    return judge("online backup under load, then restore", tally, checks)


def copied_responses(deployment: Deployment, copy: Path) -> Counter:
    as_copy = Deployment(**{**deployment.__dict__, "database_url": f"sqlite:///{copy}",
                            "processes": {}})
    return stored(as_copy)[0]


def restore(deployment: Deployment, copy: Path) -> int | None:
    """Put the copy in place of a lost database and serve it; the landing page's status."""
    restored = Path(deployment.workdir) / "restored.sqlite"
    shutil.copyfile(copy, restored)
    env = {**deployment.env, "READINESS_DATABASE_URL": f"sqlite:///{restored}"}
    log = Path(deployment.workdir) / f"gunicorn-{RESTORE_PORT}.log"
    server = start_gunicorn("wsgi:app", RESTORE_PORT, 1, env, log, (), Path(deployment.source))
    try:
        import asyncio

        from bench.client import Browser

        reply = asyncio.run(Browser(RESTORE_PORT).get(deployment.landing))
        return reply.status
    finally:
        stop_process(server)


if __name__ == "__main__":
    sys.exit(main())


