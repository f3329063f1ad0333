"""CPU time of a gunicorn master and its workers, read from /proc."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name may hold spaces; everything after its closing bracket is fixed.
    return text[text.rindex(")") + 2 :].split()


def children(pid: int) -> list[int]:
    """Live processes whose parent is ``pid`` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _fields(int(entry.name))
            if fields and int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def tree_cpu_seconds(master: int) -> float:
    """User + system time of the master, its live workers and the workers it has reaped."""
    fields = _fields(master)
    if fields is None:
        return 0.0
    # utime, stime, cutime, cstime are fields 14-17 of stat; index 11-14 after the name.
    ticks = sum(int(value) for value in fields[11:15])
    for worker in children(master):
        worker_fields = _fields(worker)
        if worker_fields:
            ticks += int(worker_fields[11]) + int(worker_fields[12])
    return ticks / TICKS


def servers_cpu_seconds(masters: list[int]) -> float:
    return sum(tree_cpu_seconds(pid) for pid in masters)


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / TICKS, total / TICKS
