"""Benchmark: score synthetic responses and build the PDF report.

Run with ``.venv/bin/python bench/bench_report.py``. For 1,000, 10,000 and 100,000
respondents it times scoring (``scoring.document.build_document``) and the PDF build
(``reports.build_pdf``), median of several runs, and reports the process's peak memory.
Targets: under 3 s at 10,000 and under 6 s at 100,000 in total, peak memory under 500 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reports import build_pdf  # noqa: E402
from tests.reports.sample import scored_document  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
TARGETS = {10_000: 3.0, 100_000: 6.0}
MEMORY_TARGET_MB = 500


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n: int, runs: int) -> tuple[float, float, float, int]:
    """Median wall seconds for scoring and for the PDF, median CPU seconds of both, PDF bytes.

    CPU time is shown too because wall time on a shared machine also measures its neighbours.
    """
    scoring_times, pdf_times, cpu_times, size = [], [], [], 0
    for _ in range(runs):
        cpu = time.process_time()
        start = time.perf_counter()
        document = scored_document(n)
        scored = time.perf_counter()
        pdf = build_pdf(document)
        done = time.perf_counter()
        cpu_times.append(time.process_time() - cpu)
        scoring_times.append(scored - start)
        pdf_times.append(done - scored)
        size = len(pdf)
    return (statistics.median(scoring_times), statistics.median(pdf_times),
            statistics.median(cpu_times), size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median reported)")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()

    build_pdf(scored_document(200))  # warm up: imports, font loading, first-draw caches
    print(f"{'respondents':>11}  {'scoring s':>9}  {'pdf s':>7}  {'total s':>7}  "
          f"{'cpu s':>6}  {'target s':>8}  {'pdf KB':>7}  {'peak MB':>8}")
    ok = True
    for n in args.sizes:
        scoring, pdf, cpu, size = measure(n, args.runs)
        total = scoring + pdf
        target = TARGETS.get(n)
        ok &= target is None or total < target
        print(f"{n:>11,}  {scoring:>9.2f}  {pdf:>7.2f}  {total:>7.2f}  {cpu:>6.2f}  "
              f"{target if target else '–':>8}  {size / 1024:>7.0f}  {peak_memory_mb():>8.0f}")
    memory = peak_memory_mb()
    ok &= memory < MEMORY_TARGET_MB
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"runs per size: {args.runs} (median); peak memory {memory:.0f} MB "
          f"(target < {MEMORY_TARGET_MB} MB); {'all targets met' if ok else 'TARGET MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
