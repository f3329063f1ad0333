"""Drill: clients that trickle their request headers (slowloris) while respondents answer.

    python -m bench.drill_slow_clients                       # 4 slow clients, product as deployed
    python -m bench.drill_slow_clients --slow-clients 200
    python -m bench.drill_slow_clients --worker-class sync   # gunicorn's plain sync worker

Eight rounds of 6 s of load on one server (4 workers, SQLite), alternately without and with
slow clients. Each slow client opens a connection to 127.0.0.1, sends a request line and
then one byte of a header every ``--trickle`` seconds, never finishing; when the server closes
it, it opens another. Passes when the median throughput with the slow clients is at least 70 % of
the median without them, no respondent saw an error, and every acknowledged submission is
stored whole.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import threading
import time

from bench.drill_support import PATIENT, data_checks, judge
from bench.journey import Tally
from bench.load import Plan, run
from bench.serve import running
from bench.verify import verify

PORT = 8151
WORKERS = 4
CLIENTS = 30
ROUND_SECONDS = 6.0
PAIRS = 4
KEEP = 0.70


class Trickle:
    """``count`` clients sending headers a byte at a time until told to stop."""

    def __init__(self, port: int, count: int, interval: float) -> None:
        self.port, self.count, self.interval = port, count, interval
        self.stop = threading.Event()
        self.connections = 0  # opened in all, reconnections included
        self.closed_by_server = 0
        self._threads = [threading.Thread(target=self._client, daemon=True)
                         for _ in range(count)]

    def __enter__(self) -> Trickle:
        for thread in self._threads:
            thread.start()
        time.sleep(1.0)  # let them connect and start holding
        return self

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(self.interval + 5)

    def _client(self) -> None:
        while not self.stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
                    self.connections += 1
                    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    while not self.stop.wait(self.interval):
                        sock.sendall(b"X")  # one byte of a header that never ends
            except OSError:
                self.closed_by_server += 1
                self.stop.wait(0.1)


def load_round(deployment, seed: int) -> tuple[Tally, float]:
    plan = Plan(clients=CLIENTS, duration=ROUND_SECONDS, processes=1, seed=seed, policy=PATIENT)
    tally, seconds, _cpu = run(deployment, plan)
    return tally, tally.completed / seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow-clients", type=int, default=4)
    parser.add_argument("--trickle", type=float, default=1.0, help="seconds between bytes")
    parser.add_argument("--worker-class", help="a gunicorn worker class instead of the product's")
    args = parser.parse_args(argv)
    slow = max(1, min(args.slow_clients, 3000))
    extra = ("--worker-class", args.worker_class) if args.worker_class else ()
    everything = Tally()
    rates: dict[str, list[float]] = {"without": [], "with": []}
    held = 0
    with running("product", "sqlite", WORKERS, (PORT,), gunicorn_args=extra) as deployment:
        # Rounds without and with slow clients alternate, so that both see the machine in the
        # same state (a shared host's speed swings by half within minutes); medians compared.
        for pair in range(PAIRS):
            for name in ("without", "with"):
                seed = 20 + 2 * pair + (name == "with")
                if name == "with":
                    with Trickle(PORT, slow, args.trickle) as trickle:
                        tally, rate = load_round(deployment, seed)
                        held += trickle.connections
                else:
                    tally, rate = load_round(deployment, seed)
                rates[name].append(rate)
                everything.merge(tally)
                print(f"  {name:7} slow clients {rate:6.1f} surveys/s ({tally.completed} surveys, "
                      f"errors {dict(tally.errors) or 'none'})", flush=True)
        verdict = verify(deployment, everything)
    normal, slowed = statistics.median(rates["without"]), statistics.median(rates["with"])
    share = slowed / normal if normal else 0.0
    worker = args.worker_class or "the product's (gunicorn.conf.py)"
    checks = [
        (share >= KEEP,
         f"with {slow} slow clients {slowed:.1f} surveys/s, {share:.0%} of the "
         f"{normal:.1f}/s without them (medians of {PAIRS} alternating rounds each; at least "
         f"{KEEP:.0%}); worker class {worker}; {held} slow connections opened"),
        (not everything.errors,
         f"no respondent saw an error ({dict(everything.errors) or 'none'})"),
        *data_checks(verdict),
    ]
    return judge(f"{slow} clients trickling their headers", everything, checks)


if __name__ == "__main__":
    sys.exit(main())
