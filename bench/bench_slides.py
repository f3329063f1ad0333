"""Benchmark: score synthetic responses and build the slides (PPTX).

Run with ``.venv/bin/python bench/bench_slides.py``. For 10,000 and 100,000 respondents it
times scoring (``scoring.document.build_document``) and the deck (``reports.slides``), median
of several runs, with the process's peak memory. Target: scoring and slides together under
3 s at 10,000 respondents (the deck itself does not grow with respondents, only scoring does).
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

from reports.slides import build_slides  # noqa: E402
from tests.reports.sample import scored_document  # noqa: E402

SIZES = (10_000, 100_000)
TARGETS = {10_000: 3.0}


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n: int, runs: int, language: str) -> tuple[float, float, float, int, int]:
    """Median wall seconds for scoring and for the deck, median CPU seconds of both, the
    deck's bytes and its slides."""
    import io

    from pptx import Presentation

    scoring_times, deck_times, cpu_times, size, slides = [], [], [], 0, 0
    for _ in range(runs):
        cpu = time.process_time()
        start = time.perf_counter()
        document = scored_document(n, language=language)
        scored = time.perf_counter()
        deck = build_slides(document)
        done = time.perf_counter()
        cpu_times.append(time.process_time() - cpu)
        scoring_times.append(scored - start)
        deck_times.append(done - scored)
        size = len(deck)
        slides = len(Presentation(io.BytesIO(deck)).slides)
    return (statistics.median(scoring_times), statistics.median(deck_times),
            statistics.median(cpu_times), size, slides)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median reported)")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--language", default="de", help="longest labels: de (default)")
    args = parser.parse_args()

    build_slides(scored_document(200, language=args.language))  # warm up: imports, fonts
    print(f"{'respondents':>11}  {'scoring s':>9}  {'slides s':>8}  {'total s':>7}  "
          f"{'cpu s':>6}  {'target s':>8}  {'pptx KB':>7}  {'slides':>6}  {'peak MB':>7}")
    ok = True
    for n in args.sizes:
        scoring, deck, cpu, size, slides = measure(n, args.runs, args.language)
        total = scoring + deck
        target = TARGETS.get(n)
        ok &= target is None or total < target
        print(f"{n:>11,}  {scoring:>9.2f}  {deck:>8.2f}  {total:>7.2f}  {cpu:>6.2f}  "
              f"{target if target else '–':>8}  {size / 1024:>7.0f}  {slides:>6}  "
              f"{peak_memory_mb():>7.0f}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; language "
          f"{args.language}; runs per size: {args.runs} (median); "
          f"{'target met' if ok else 'TARGET MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
