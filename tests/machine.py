"""How many CPU cores a test may use, and how many the rest of the machine left it free.

A measurement of parallel work can only show what the machine lets it: `free_cores()` times a
block and says how many cores were free for it, on average, from what Linux counts in
/proc/stat (CPU time used by everyone) minus the CPU time the block itself reports.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STAT = Path("/proc/stat")


def usable_cpus() -> int:
    """The cores this process may run on (its affinity), not all the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def busy_seconds() -> float | None:
    """CPU seconds all cores have spent busy since boot; None where /proc/stat is missing."""
    try:
        fields = [int(value) for value in STAT.read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    idle, iowait = fields[3], fields[4]
    return (sum(fields) - idle - iowait) / os.sysconf("SC_CLK_TCK")


@dataclass
class Cores:
    """What a timed block found: set `own_cpu` to the CPU seconds the block's work used."""

    usable: int
    wall: float = 0.0
    all_busy: float | None = None  # CPU seconds every process on the machine used meanwhile
    own_cpu: float = 0.0

    @property
    def free(self) -> float:
        """Cores the rest of the machine left free during the block, on average."""
        if self.all_busy is None or self.wall <= 0:
            return float(self.usable)  # nothing to go by: assume the machine was ours
        others = max(0.0, self.all_busy - self.own_cpu) / self.wall
        return max(0.0, self.usable - others)


@contextmanager
def free_cores() -> Iterator[Cores]:
    """Time the block; afterwards `.free` says how many cores others left it."""
    cores = Cores(usable_cpus())
    before, started = busy_seconds(), time.perf_counter()
    try:
        yield cores
    finally:
        after = busy_seconds()
        cores.wall = time.perf_counter() - started
        if before is not None and after is not None:
            cores.all_busy = after - before
