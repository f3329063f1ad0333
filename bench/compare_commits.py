"""Two commits of the product, measured alternately (A B A B ...) with this harness.

    python -m bench.compare_commits --before 1888dc0 --before-source /tmp/readiness-before \\
        --after HEAD --pairs 5 --duration 15 --database sqlite

Each round is `bench.suite.one_round`: fresh servers and database, 2 s warm-up, the measured
run, the stored data checked against what was acknowledged, the host's speed read before and
after. "before" and "after" run back to back in each pair, so the after/before ratio of a pair
sees the machine in one state; the summary gives the medians and the median of those per-pair
ratios. Every round goes to bench/out/results.jsonl (label "compare ...") and, with the load
average, to bench/out/compare.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench.load import Plan, Result
from bench.serve import OUT, snapshot
from bench.suite import one_round

LOG = OUT / "compare.jsonl"


def figures(result: Result) -> dict:
    submit = next((p for label, p in result.pages.items() if label.endswith("/submit")), {})
    verdict = result.verdict or {}
    return {
        "surveys_per_second": result.surveys_per_second,
        "worst_p95_ms": result.worst_p95(),
        "worst_p99_ms": max((p["p99"] for p in result.pages.values()), default=0.0),
        "submit_p95_ms": submit.get("p95", 0.0),
        "submit_p99_ms": submit.get("p99", 0.0),
        "server_cpu_ms_per_survey": result.server_cpu_ms_per_survey,
        "errors": sum(result.errors.values()),
        "acknowledged": verdict.get("acknowledged", 0),
        "lost": verdict.get("lost", 0),
        "verified": bool(verdict.get("ok")),
        "host_ms": result.host_ms,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="commit of the 'before' product")
    parser.add_argument("--before-source", type=Path,
                        help="a checkout of --before (default: git archive of it)")
    parser.add_argument("--after", default="HEAD")
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--quiet-wait", type=float, default=10.0)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    before_dir, before_sha = snapshot(args.before)
    if args.before_source:
        before_dir = args.before_source.resolve()
    after_dir, after_sha = snapshot(args.after)  # pinned: commits landing meanwhile don't count
    sides = [("before", before_dir, before_sha), ("after", after_dir, after_sha)]
    print(f"before {before_sha} from {before_dir}; after {after_sha} from {after_dir}",
          flush=True)
    plan = Plan(clients=args.clients, duration=min(args.duration, 120), seed=1)
    rows: list[dict] = []
    for n in range(max(1, min(args.pairs, 8))):
        for side, source, sha in sides:  # A B A B ...
            plan.seed = n + 1  # the same respondents' choices for both sides of a pair
            load = os.getloadavg()
            result = one_round(f"compare {side} {args.database}", "product", args.database,
                               args.workers, (8101,), plan, args.quiet_wait, source, sha)
            row = {"pair": n + 1, "side": side, "commit": sha, "database": args.database,
                   "loadavg": load, "at": time.strftime("%Y-%m-%d %H:%M:%S"),
                   **figures(result)}
            rows.append(row)
            with LOG.open("a") as sink:
                sink.write(json.dumps(row | {"result": asdict(result)}) + "\n")
    print(f"\n{'pair':>4} {'side':6} {'surveys/s':>9} {'p95':>6} {'p99':>6} {'sub p95':>7} "
          f"{'errors':>6} {'ack':>5} {'lost':>4} {'host ms':>7} {'load1':>5}")
    for r in rows:
        print(f"{r['pair']:>4} {r['side']:6} {r['surveys_per_second']:9.2f} "
              f"{r['worst_p95_ms']:6.1f} {r['worst_p99_ms']:6.1f} {r['submit_p95_ms']:7.1f} "
              f"{r['errors']:6d} {r['acknowledged']:5d} {r['lost']:4d} {r['host_ms']:7.0f} "
              f"{r['loadavg'][0]:5.2f}")
    keys = ("surveys_per_second", "worst_p95_ms", "worst_p99_ms", "submit_p95_ms",
            "server_cpu_ms_per_survey", "host_ms")
    summary: dict = {"before": before_sha, "after": after_sha, "database": args.database}
    for side, _, _ in sides:
        mine = [r for r in rows if r["side"] == side]
        summary[side] = {k: statistics.median(r[k] for r in mine) for k in keys}
        summary[side] |= {"errors": sum(r["errors"] for r in mine),
                          "lost": sum(r["lost"] for r in mine),
                          "all_verified": all(r["verified"] for r in mine)}
    pairs = [(b, a) for b, a in zip(rows[::2], rows[1::2], strict=True)]
    summary["per-pair ratios after/before"] = {
        k: [round(a[k] / b[k], 3) if b[k] else None for b, a in pairs] for k in keys}
    summary["median of per-pair ratios"] = {
        k: round(statistics.median(v for v in vals if v is not None), 3)
        for k, vals in summary["per-pair ratios after/before"].items()}
    summary["ratio of medians"] = {
        k: round(summary["after"][k] / summary["before"][k], 3) for k in keys
        if summary["before"][k]}
    print(json.dumps(summary, indent=2), flush=True)
    return 0 if all(r["verified"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
