"""How steady is this machine? The same fixed piece of pure Python, timed again and again.

    python bench/host_speed.py              # 10 timings, 2 s apart

On a shared virtual machine the CPU time of identical work can change from one minute to the
next (another tenant on the same host, frequency changes). When the load figures of two runs
of the same commit differ, this tells whether the machine or the code changed. Each timing is
CPU time of this process, so it is not inflated by waiting for the CPU.
"""

from __future__ import annotations

import argparse
import statistics
import time

#: About 0.1 s of CPU on the 2-core development machine.
ITERATIONS = 1_500_000


def one_timing() -> float:
    """Milliseconds of CPU for the fixed loop."""
    started = time.process_time()
    total = 0
    for i in range(ITERATIONS):
        total += i * i % 7
    return (time.process_time() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--pause", type=float, default=2.0)
    args = parser.parse_args(argv)
    timings = []
    for n in range(max(1, min(args.times, 100))):
        if n:
            time.sleep(min(args.pause, 10.0))
        timings.append(one_timing())
    print("ms of CPU for the same loop:", " ".join(f"{t:.0f}" for t in timings))
    print(f"median {statistics.median(timings):.0f} ms, fastest {min(timings):.0f}, "
          f"slowest {max(timings):.0f} ({max(timings) / min(timings):.2f}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
