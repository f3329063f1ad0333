"""Load generator: N concurrent respondents play the real survey against gunicorn on 127.0.0.1.

    python -m bench.serve --app product --workers 4 &      # or let --serve start one
    python -m bench.load --clients 50 --duration 30
    python -m bench.load --serve product --database postgres --ports 8101 8102 --clients 50

Each respondent walks landing → about you → five dimension pages → open questions → review →
submit → thank-you with its own cookies and the CSRF token of each page, answering at random
and remembering its answers. The run is bounded by ``--duration`` and ``--max-surveys``; in-flight
journeys then finish, and the whole run is cut off after duration + 60 s. Afterwards the
database is read directly and its responses matched, by content, against the acknowledged ones.

Reported: completed surveys/s, requests/s, p50/p95/p99 per page, errors by kind, server CPU
per survey (gunicorn master + workers from /proc), and the client's own CPU share.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import resource
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.client import Browser
from bench.journey import (
    Abandoned,
    InDoubt,
    Policy,
    Respondent,
    Tally,
    ceiling_journey,
    product_journey,
)
from bench.procstat import machine_busy_seconds, servers_cpu_seconds
from bench.serve import STATE, Deployment, running
from bench.verify import Verdict, verify

HARD_EXTRA_SECONDS = 60
MAX_DURATION = 600
MAX_CLIENTS = 1000


@dataclass
class Plan:
    clients: int = 50
    duration: float = 20.0
    max_surveys: int = 100_000
    #: Two client processes: in one, 50 respondents' replies wait their turn in a single event
    #: loop on a busy machine, while each gunicorn worker waits for its client to close the
    #: connection before taking the next request (gunicorn's graceful close), so one starved
    #: client process made the server look slower than it is (one: 46 surveys/s, p95 179 ms;
    #: two: 56 surveys/s, p95 144 ms, same commit, back to back).
    processes: int = 2
    #: Respondents begin one after another over this many seconds (about one survey's time at
    #: the target rate) rather than all at once. Started together, with no pause between
    #: pages, they stay in step for the whole run: the server's queue is served in order, so
    #: each respondent moves one page on per turn of the queue, and the 50 submits (the
    #: slowest page) then always arrive together and wait behind one another. People do not
    #: click in step. ``--stagger 0`` starts everyone at once, as before.
    stagger: float = 1.0
    seed: int = 0
    timeout: float = 30.0
    policy: Policy = field(default_factory=Policy)


# --- the client processes -------------------------------------------------------------------


def _label_maker(deployment: Deployment) -> Callable[[str], str]:
    public_id = deployment.public_id

    def label_of(path: str) -> str:
        path = path.split("?", 1)[0]
        return path.replace(public_id, "{id}") if public_id else path

    return label_of


async def _respondents(deployment: Deployment, plan: Plan, first: int, count: int,
                       cap: int, deadline: float) -> Tally:
    tally = Tally()
    label_of = _label_maker(deployment)
    ceiling_form = None
    if deployment.app == "ceiling":
        from bench.ceiling import survey_form

        ceiling_form = survey_form()

    async def one_client(index: int) -> None:
        rng = random.Random(plan.seed * 1_000_003 + index)
        port = deployment.ports[index % len(deployment.ports)]
        await asyncio.sleep(plan.stagger * index / max(plan.clients, 1))
        while time.time() < deadline and tally.started < cap:
            tally.started += 1
            respondent = Respondent(Browser(port, timeout=plan.timeout), tally, plan.policy,
                                    rng, label_of)
            try:
                if ceiling_form is not None:
                    await ceiling_journey(respondent, ceiling_form)
                else:
                    await product_journey(respondent, deployment.landing)
            except (Abandoned, InDoubt):
                await asyncio.sleep(0.05)

    tasks = [asyncio.create_task(one_client(first + i)) for i in range(count)]
    hard_stop = deadline - time.time() + HARD_EXTRA_SECONDS
    done, pending = await asyncio.wait(tasks, timeout=max(hard_stop, 1))
    for task in pending:
        task.cancel()
    if pending:
        tally.errors["cut off at the hard time limit"] += len(pending)
        await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            tally.errors[f"client crashed: {task.exception()!r}"] += 1
    return tally


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run_loop(coroutine):
    """Run the respondents on uvloop when installed: its sockets cost the client about half the
    CPU of asyncio's own loop, leaving more of the machine to the server being measured.
    ``BENCH_NO_UVLOOP=1`` runs them on asyncio's own loop, to compare the two."""
    try:
        import uvloop
        if os.environ.get("BENCH_NO_UVLOOP"):
            raise ImportError
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def _client_process(deployment, plan, first, count, cap, deadline, connection) -> None:
    before = _cpu_self()
    tally = _run_loop(_respondents(deployment, plan, first, count, cap, deadline))
    tally.client_cpu_seconds = _cpu_self() - before
    connection.send(tally)
    connection.close()


# --- one run --------------------------------------------------------------------------------


@dataclass
class Result:
    app: str
    database: str
    servers: int
    workers: int
    clients: int
    seconds: float
    surveys: int
    surveys_per_second: float
    requests: int
    requests_per_second: float
    errors: dict
    pages: dict  # label -> {n, p50, p95, p99, max} in ms
    server_cpu_seconds: float
    server_cpu_ms_per_survey: float
    client_cpu_share: float  # of the whole machine (all cores)
    server_cpu_share: float
    machine_busy_share: float
    verdict: dict | None = None
    #: ms of CPU for `host_speed`'s fixed loop just before the round (the suite reads it)
    host_ms: float | None = None

    def worst_p95(self) -> float:
        return max((p["p95"] for p in self.pages.values()), default=0.0)


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[rank]


def run(deployment: Deployment, plan: Plan,
        actions: list[tuple[float, Callable[[], None]]] = ()) -> tuple[Tally, float, dict]:
    """Play the plan against the deployment; ``actions`` run in this process at their second.

    Returns the merged tally, the wall seconds, and CPU figures.
    """
    if plan.clients > MAX_CLIENTS or plan.duration > MAX_DURATION:
        raise ValueError(f"at most {MAX_CLIENTS} clients and {MAX_DURATION} s")
    context = multiprocessing.get_context("fork")
    processes = max(1, min(plan.processes, plan.clients))
    cpus = os.cpu_count() or 1
    server_before = servers_cpu_seconds(deployment.masters)
    busy_before, total_before = machine_busy_seconds()
    started = time.time()
    deadline = started + plan.duration
    children, pipes = [], []
    for n in range(processes):
        first = n * plan.clients // processes
        count = (n + 1) * plan.clients // processes - first
        cap = plan.max_surveys // processes + (1 if n < plan.max_surveys % processes else 0)
        receive, send = context.Pipe(duplex=False)
        child = context.Process(
            target=_client_process,
            args=(deployment, plan, first, count, cap, deadline, send), daemon=True,
        )
        child.start()
        send.close()
        children.append(child)
        pipes.append(receive)
    for at, action in sorted(actions, key=lambda a: a[0]):
        delay = started + at - time.time()
        if delay > 0:
            time.sleep(delay)
        action()
    tally = Tally()
    limit = deadline + HARD_EXTRA_SECONDS + 10
    for receive, child in zip(pipes, children, strict=True):
        if receive.poll(max(0.0, limit - time.time())):
            tally.merge(receive.recv())
        else:
            tally.errors["client process sent nothing"] += 1
        child.join(5)
        if child.is_alive():
            child.kill()
    seconds = time.time() - started
    masters = deployment.masters
    busy_after, total_after = machine_busy_seconds()
    server_seconds = servers_cpu_seconds(masters) - server_before
    cpu = {
        "server_cpu_seconds": server_seconds,
        "client_cpu_share": tally.client_cpu_seconds / (seconds * cpus),
        "server_cpu_share": server_seconds / (seconds * cpus),
        "machine_busy_share": (busy_after - busy_before) / max(total_after - total_before, 1e-9),
    }
    return tally, seconds, cpu


def summarise(deployment: Deployment, plan: Plan, tally: Tally, seconds: float, cpu: dict,
              verdict: Verdict | None) -> Result:
    pages = {}
    for label, values in sorted(tally.latencies.items()):
        values = sorted(values)
        pages[label] = {
            "n": len(values),
            **{f"p{q}": round(percentile(values, q) * 1000, 1) for q in (50, 95, 99)},
            "max": round(values[-1] * 1000, 1),
        }
    database = "postgres" if deployment.database_url.startswith("postgres") else "sqlite"
    return Result(
        app=deployment.app,
        database=database,
        servers=len(deployment.servers),
        workers=deployment.workers,
        clients=plan.clients,
        seconds=round(seconds, 2),
        surveys=tally.completed,
        surveys_per_second=round(tally.completed / seconds, 2),
        requests=tally.requests,
        requests_per_second=round(tally.requests / seconds, 1),
        errors=dict(tally.errors),
        pages=pages,
        server_cpu_seconds=round(cpu["server_cpu_seconds"], 2),
        server_cpu_ms_per_survey=round(
            1000 * cpu["server_cpu_seconds"] / max(tally.completed, 1), 2
        ),
        client_cpu_share=round(cpu["client_cpu_share"], 3),
        server_cpu_share=round(cpu["server_cpu_share"], 3),
        machine_busy_share=round(cpu["machine_busy_share"], 3),
        verdict=asdict(verdict) | {"ok": verdict.ok} if verdict else None,
    )


def report(result: Result) -> str:
    lines = [
        f"{result.app} on {result.database}, {result.servers} server(s) × {result.workers} "
        f"workers, {result.clients} respondents, {result.seconds:.1f} s",
        f"  completed surveys/s {result.surveys_per_second:8.2f}   ({result.surveys} surveys)",
        f"  requests/s          {result.requests_per_second:8.1f}   ({result.requests} requests)",
        f"  server CPU          {result.server_cpu_ms_per_survey:8.2f} ms per survey "
        f"({result.server_cpu_share:.0%} of the machine); client {result.client_cpu_share:.0%}; "
        f"machine busy {result.machine_busy_share:.0%}",
        f"  errors              {result.errors or 'none'}",
        f"  {'page':44} {'n':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}  (ms)",
    ]
    for label, p in result.pages.items():
        lines.append(
            f"  {label:44} {p['n']:7d} {p['p50']:7.1f} {p['p95']:7.1f} {p['p99']:7.1f} "
            f"{p['max']:7.1f}"
        )
    if result.verdict:
        v = result.verdict
        lines.append(
            f"  verified: {'OK' if v['ok'] else 'MISMATCH'} — acknowledged {v['acknowledged']}, "
            f"stored {v['stored']}, lost {v['lost']}, partial/unexpected {v['unexpected']}, "
            f"duplicated {v['duplicated']}, in doubt {v['in_doubt']}, "
            f"comments lost {v['comments_lost']}"
        )
    return "\n".join(lines)


def measure(deployment: Deployment, plan: Plan, warmup: float = 2.0) -> Result:
    """A short warm-up (counted for the data check, not the figures), then the measured run."""
    tallies = []
    if warmup > 0:
        warm = Plan(**{**asdict(plan), "duration": warmup, "policy": plan.policy})
        tallies.append(run(deployment, warm)[0])
    tally, seconds, cpu = run(deployment, plan)
    everything = Tally()
    for each in [*tallies, tally]:
        everything.merge(each)
    verdict = verify(deployment, everything)
    return summarise(deployment, plan, tally, seconds, cpu, verdict)


def passes_targets(result: Result, surveys_per_second: float = 50, p95_ms: float = 150) -> bool:
    return (
        result.surveys_per_second >= surveys_per_second
        and result.worst_p95() < p95_ms
        and not result.errors
        and bool(result.verdict and result.verdict["ok"])
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--max-surveys", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=Plan.processes, help="client processes")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--stagger", type=float, default=Plan.stagger,
                        help="seconds over which the respondents begin (0: all at once)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--state", type=Path, default=STATE,
                        help="servers started by bench.serve (ignored with --serve)")
    parser.add_argument("--serve", choices=("product", "ceiling"),
                        help="start fresh servers for this run and stop them afterwards")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--ports", type=int, nargs="+", default=[8101])
    parser.add_argument("--source", type=Path,
                        help="serve the product from this directory (a patched copy)")
    parser.add_argument("--json", type=Path, help="append the result as one JSON line")
    parser.add_argument("--check-targets", action="store_true",
                        help="exit 1 unless ≥ 50 surveys/s, p95 < 150 ms, no error, none lost")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "big")
    plan = Plan(clients=args.clients, duration=args.duration, max_surveys=args.max_surveys,
                processes=args.processes, stagger=min(max(args.stagger, 0.0), 60.0), seed=seed)
    serving = (running(args.serve, args.database, args.workers, tuple(args.ports),
                       source=args.source)
               if args.serve else nullcontext(Deployment.load(args.state)))
    with serving as deployment:
        result = measure(deployment, plan, args.warmup)
    print(report(result), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        with args.json.open("a") as sink:
            sink.write(json.dumps(asdict(result) | {"seed": seed, "at": time.time()}) + "\n")
    if args.check_targets and not passes_targets(result):
        return 1
    return 0 if result.verdict and result.verdict["ok"] else 2


if __name__ == "__main__":
    sys.exit(main())
