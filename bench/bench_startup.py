"""How long a command takes to start, and an export of 10,000 responses from start to file.

Run: .venv/bin/python bench/bench_startup.py [--runs 7]
Target: a command that needs neither charts, PDF nor statistics starts in under 0.5 s.

The project's bytecode is written first (``make bytecode``, as ``make demo``, ``make run`` and
``make bench`` do), the way pip writes it for what it installs. Without it, where nothing may
write bytecode (``PYTHONDONTWRITEBYTECODE``), every start compiles the ~120 modules again:
about 0.1 s more.

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


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def timed(commands: list[list[str]], env: dict[str, str], runs: int) -> list[list[tuple]]:
    """``runs`` rounds, each running every command once in turn (so a host that speeds up or
    slows down moves all of them alike); per command, its (wall, cpu) of each round."""
    figures: list[list[tuple]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            figures[index].append(run_once(command, env))
    return figures


def medians(rounds: list[tuple]) -> tuple[float, float]:
    return statistics.median(w for w, _ in rounds), statistics.median(c for _, c in rounds)


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


def write_bytecode() -> None:
    subprocess.run([PYTHON, "-m", "compileall", "-q", "readiness", "surveys", "scoring",
                    "reports", "wsgi.py"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--responses", type=int, default=10_000)
    args = parser.parse_args()
    write_bytecode()
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
        figures = timed([command for _, command in rows], env, args.runs)
        for (label, _), rounds in zip(rows, figures, strict=True):
            wall, cpu = medians(rounds)
            print(f"{label:50} {wall:8.3f} {cpu:8.3f}")
        own = statistics.median(product[1] - floor[1]
                                for floor, product in zip(figures[0], figures[1], strict=True))
        print(f"{'  the product own (import wsgi - libraries, cpu)':50} {'':8} {own:8.3f}")
        number = seed_responses(env, Path(folder), args.responses)
        output = Path(folder) / "export.csv"
        [rounds] = timed([[*FLASK, "export", number, "--output", str(output)]], env, args.runs)
        wall, cpu = medians(rounds)
        print(f"{f'export ({args.responses:,} responses)':50} {wall:8.3f} {cpu:8.3f}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
