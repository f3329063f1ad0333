"""Benchmark: score synthetic responses and build the PDF report and the slides.

Run with ``.venv/bin/python bench/bench_report.py``. For 1,000, 10,000 and 100,000
respondents it times scoring (``scoring.document.build_document``), the PDF build
(``reports.build_pdf``, vector charts) and the PPTX build (``reports.slides.build_slides``),
median of several runs, with the CPU seconds of each run (wall time on a shared machine also
measures its neighbours), and reports the process's peak memory. Targets: scoring + PDF under
3 s at 10,000 and under 6 s at 100,000; the PPTX under 3 s at 10,000; peak memory < 500 MB.
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
#: The slides alone at 10,000 respondents (they read the same scored document).
PPTX_TARGET = 3.0


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_slides(document: dict) -> bytes | None:
    """The PPTX, when this build has the slides (None before they shipped)."""
    try:
        from reports.slides import build_slides as build
    except ImportError:
        return None
    return build(document)


def measure(n: int, runs: int) -> tuple[float, float, float, float, int]:
    """Median wall seconds for scoring, the PDF and the PPTX, median CPU seconds of scoring
    and the PDF, and the PDF's bytes.

    CPU time is shown too because wall time on a shared machine also measures its neighbours.
    """
    scoring_times, pdf_times, pptx_times, cpu_times, size = [], [], [], [], 0
    for _ in range(runs):
        cpu = time.process_time()
        start = time.perf_counter()
        document = scored_document(n)
        scored = time.perf_counter()
        pdf = build_pdf(document)
        done = time.perf_counter()
        cpu_times.append(time.process_time() - cpu)
        build_slides(document)
        pptx_times.append(time.perf_counter() - done)
        scoring_times.append(scored - start)
        pdf_times.append(done - scored)
        size = len(pdf)
    return (statistics.median(scoring_times), statistics.median(pdf_times),
            statistics.median(pptx_times), statistics.median(cpu_times), size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median reported)")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()

    warm = scored_document(200)  # warm up: imports, font loading, first-draw caches
    build_pdf(warm)
    build_slides(warm)
    print(f"{'respondents':>11}  {'scoring s':>9}  {'pdf s':>7}  {'total s':>7}  "
          f"{'cpu s':>6}  {'target s':>8}  {'pptx s':>7}  {'pdf KB':>7}  {'peak MB':>8}")
    ok = True
    for n in args.sizes:
        scoring, pdf, pptx, cpu, size = measure(n, args.runs)
        total = scoring + pdf
        target = TARGETS.get(n)
        ok &= target is None or total < target
        ok &= n != 10_000 or pptx < PPTX_TARGET
        print(f"{n:>11,}  {scoring:>9.2f}  {pdf:>7.2f}  {total:>7.2f}  {cpu:>6.2f}  "
              f"{target if target else '–':>8}  {pptx:>7.2f}  {size / 1024:>7.0f}  "
              f"{peak_memory_mb():>8.0f}")
    memory = peak_memory_mb()
    ok &= memory < MEMORY_TARGET_MB
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"runs per size: {args.runs} (median); peak memory {memory:.0f} MB "
          f"(target < {MEMORY_TARGET_MB} MB); {'all targets met' if ok else 'TARGET MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
