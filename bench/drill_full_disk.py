"""Drill: the volume holding the SQLite database fills up under load, then some space comes back.

    python -m bench.drill_full_disk              # needs root: mounts a 16 MB tmpfs
    python -m bench.drill_full_disk --left-free-mb 1
    python -m bench.drill_full_disk --source bench/out/whatif-wal1000   # a patched copy

The database lives on a small tmpfs of its own. At 3 s a ballast file fills the volume to the
last byte; at 9 s the ballast shrinks so that only ``--left-free-mb`` (2 MB by default, under the
4.5 MB SQLite's default log needed to ever reset) are free. Passes when submits refused while
the disk was full were answered 503 with Retry-After (never 500), the log named the full disk
in a few lines rather than one per request, the service came back by itself once space was
freed and kept storing to the end, every acknowledged submission is stored whole, and the
database is sound.
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path

from bench.drill_support import data_checks, drill_load, judge
from bench.serve import OUT, running

PORT = 8161
VOLUME_MB = 16
FILL_AT, FREE_AT, DURATION = 3.0, 9.0, 18.0


def stored_responses(path: str) -> int:
    """Responses stored, those still sealed while the survey is open included."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as connection:
        tables = {name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        return sum(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                   for table in ("responses", "sealed_submissions") if table in tables)


def sound(path: str) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--left-free-mb", type=float, default=2.0)
    parser.add_argument("--source", type=Path,
                        help="serve the product from this directory (a patched copy)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    volume = Path(tempfile.mkdtemp(prefix="drill-full-disk-", dir=OUT))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={VOLUME_MB}m", "tmpfs",
                              str(volume)], capture_output=True, text=True)
    if mounted.returncode:
        print(f"drill_full_disk: cannot mount a tmpfs ({mounted.stderr.strip()}); run as root")
        print("FAIL full disk")
        return 1
    ballast = volume / "ballast"
    events: dict[str, object] = {}
    try:
        with running("product", "sqlite", 4, (PORT,), sqlite_dir=str(volume),
                     source=args.source) as deployment:
            database = deployment.sqlite_path

            def fill() -> None:
                with ballast.open("wb", buffering=0) as sink:
                    try:
                        while True:
                            sink.write(b"\0" * 65536)
                            sink.flush()
                    except OSError as error:
                        events["filled"] = error.errno == errno.ENOSPC
                events["free_when_full"] = shutil.disk_usage(volume).free

            def free() -> None:
                size = ballast.stat().st_size
                os.truncate(ballast, max(0, size - int(args.left_free_mb * 1024 * 1024)))
                events["free_after"] = shutil.disk_usage(volume).free
                before = stored_responses(database)
                freed_at = time.monotonic()

                def watch() -> None:
                    while time.monotonic() - freed_at < DURATION:
                        if stored_responses(database) > before:
                            events["back_after"] = time.monotonic() - freed_at
                            return
                        time.sleep(0.1)

                threading.Thread(target=watch, daemon=True).start()

            def mark() -> None:
                events["stored_at_mark"] = stored_responses(database)

            started = time.monotonic()
            tally, verdict = drill_load(deployment, [(FILL_AT, fill), (FREE_AT, free),
                                                     (FREE_AT + 3, mark)],
                                        clients=30, duration=DURATION)
            seconds = time.monotonic() - started
            stored_since_mark = stored_responses(database) - int(events.get("stored_at_mark", 0))
            integrity = sound(database)
            log = Path(deployment.workdir, f"gunicorn-{PORT}.log").read_text(errors="replace")
    finally:
        if subprocess.run(["umount", str(volume)], check=False).returncode == 0:
            volume.rmdir()
    refused = tally.statuses.get(503, 0)
    failures = {k: v for k, v in tally.errors.items() if k[:1] == "5" and "503" not in k}
    disk_lines = [line for line in log.splitlines() if "disk full" in line]
    back = events.get("back_after")
    checks = [
        (events.get("filled") is True,
         f"the {VOLUME_MB} MB volume was filled to the last byte "
         f"({events.get('free_when_full', '?')} bytes free)"),
        (refused > 0, f"submits refused while the disk was full answered 503 ({refused} times)"),
        (tally.busy_without_retry_after == 0, "every 503 carried Retry-After"),
        (not failures, f"no other server error ({failures or 'none'})"),
        (0 < len(disk_lines) <= 4 * (int(seconds / 10) + 1),
         f"the log named the full disk in {len(disk_lines)} lines for {refused} refusals "
         f"(at most one per worker in 10 s; {seconds:.0f} s)"),
        (back is not None,
         f"with {events.get('free_after', 0) / 1e6:.1f} MB free again, responses were stored "
         f"{back:.1f} s later" if back is not None else
         f"with {events.get('free_after', 0) / 1e6:.1f} MB free again, no response was stored "
         "by the end"),
        (stored_since_mark > 0 and "cut off at the hard time limit" not in tally.errors,
         f"and kept being stored: {stored_since_mark} from {FREE_AT + 3:.0f} s to the end, "
         f"no respondent left waiting ({tally.errors.get('cut off at the hard time limit', 0)} "
         "cut off)"),
        *data_checks(verdict),
        (verdict.in_doubt == 0, f"no submission left in doubt ({verdict.in_doubt})"),
        (integrity == "ok", f"PRAGMA integrity_check: {integrity}"),
    ]
    return judge("the database's volume filled up under load", tally, checks)


if __name__ == "__main__":
    sys.exit(main())
