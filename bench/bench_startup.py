"""How long a command takes to start, and an export of 10,000 responses from start to file.

Run: .venv/bin/python bench/bench_startup.py [--runs 7]
Target: a command that needs neither charts, PDF nor statistics starts in under 0.5 s.

Each figure is the median of ``--runs`` fresh processes: wall time, and the CPU time the process
used (user + system), which a busy machine disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLASK = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi"]
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def timed(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` fresh runs of ``command``."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def seed_responses(env: dict[str, str], folder: Path, count: int) -> str:
    """A draft assessment given ``count`` answers through the real import (the demo's answers,
    repeated); returns its number."""
    run = lambda *args: subprocess.run([*FLASK, *args], cwd=ROOT, env=env, check=True,  # noqa: E731
                                       capture_output=True, text=True).stdout
    run("db", "upgrade")
    run("seed-demo")
    run("export", "demo", "--output", str(folder / "demo.csv"))
    header, *rows = (folder / "demo.csv").read_text().splitlines()
    # The new assessment's about-you options differ from the demo's: keep the answers only.
    segments = sum(1 for column in header.split(",") if not column[-1:].isdigit())
    rows = ["," * (segments - 1) + "," + row.split(",", segments)[-1] for row in rows]
    (folder / "many.csv").write_text("\n".join([header, *(rows[i % len(rows)]
                                                          for i in range(count))]) + "\n")
    created = run("create-assessment", "--title", "Startup bench", "--organisation", "Bench")
    number = created.split()[2]  # "Created assessment 7 (draft): survey at /s/..."
    run("import", number, str(folder / "many.csv"))
    return number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--responses", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "READINESS_SECRET_KEY": "bench-startup",
               "READINESS_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite"}
        rows = [
            # The floor: what every command must load, whatever the product does (a host's
            # speed moves both; the difference is the product's own start-up).
            ("libraries alone (Flask, SQLAlchemy, WTForms, ...)",
             [PYTHON, "-c", "import flask, sqlalchemy.orm, wtforms, flask_login, flask_wtf, "
                            "flask_babel"]),
            ("python -c 'import wsgi'", [PYTHON, "-c", "import wsgi"]),
            ("flask --app wsgi --help", [*FLASK, "--help"]),
            ("flask --app wsgi create-user --help", [*FLASK, "create-user", "--help"]),
        ]
        print(f"{'command':50} {'wall s':>8} {'cpu s':>8}")
        for label, command in rows:
            wall, cpu = timed(command, env, args.runs)
            print(f"{label:50} {wall:8.3f} {cpu:8.3f}")
        number = seed_responses(env, Path(folder), args.responses)
        output = Path(folder) / "export.csv"
        wall, cpu = timed([*FLASK, "export", number, "--output", str(output)], env, args.runs)
        print(f"{f'export ({args.responses:,} responses)':50} {wall:8.3f} {cpu:8.3f}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
