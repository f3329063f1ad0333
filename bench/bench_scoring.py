"""Time build_document at 1k, 10k and 100k respondents and report peak memory.

Run: .venv/bin/python bench/bench_scoring.py
Target: 100,000 respondents × 30 items in under 1 s, peak memory under 500 MB.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.document import build_document  # noqa: E402
from scoring.responses import Responses  # noqa: E402
from surveys.loader import default_instrument  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
RUNS = 5


def make_responses(instrument, n: int, seed: int = 0) -> Responses:
    """Random but plausible answers and segments for the default instrument's 30 core items."""
    rng = np.random.default_rng(seed)
    items = instrument.items_for(None)
    tendency = rng.normal(3.2, 0.8, size=(n, 1))
    answers = np.clip(np.rint(tendency + rng.normal(0, 0.9, size=(n, len(items)))), 1, 5)
    reverse = np.array([item.reverse for item in items])
    answers[:, reverse] = 6 - answers[:, reverse]
    roll = rng.random(answers.shape)
    answers[roll < 0.04] = 0
    answers[(roll >= 0.04) & (roll < 0.08)] = np.nan
    segments = {}
    for question in instrument.segments:
        options = [*question.option_ids(), None]
        weights = rng.dirichlet(np.ones(len(options)))
        segments[question.id] = rng.choice(np.array(options, dtype=object), size=n, p=weights)
    return Responses(tuple(item.id for item in items), answers, segments)


def main() -> None:
    instrument = default_instrument()
    assessment = {"id": "bench", "title": "Bench", "sector": "private"}
    print(f"{'respondents':>12} {'median s':>9} {'min s':>7} {'traced peak MB':>15}")
    for n in SIZES:
        responses = make_responses(instrument, n)
        previous = make_responses(instrument, n, seed=1)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            build_document(instrument, responses, assessment=assessment, headcount=2 * n,
                           previous=({"id": "earlier"}, previous), seed=1)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        build_document(instrument, responses, assessment=assessment, headcount=2 * n,
                       previous=({"id": "earlier"}, previous), seed=1)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{n:>12,} {statistics.median(times):>9.3f} {min(times):>7.3f} {peak / 2**20:>15.1f}")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (including inputs and interpreter): {max_rss:.0f} MB")


if __name__ == "__main__":
    main()
