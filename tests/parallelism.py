"""Whether workers computed at the same moment, told by when each was on a CPU.

A busy machine makes parallel work slower, but it cannot make two processes that run in
parallel take turns: as long as they get CPU time, part of it comes at the same moments.
Each worker here spins for a given amount of its own CPU time and notes the stretches of
wall-clock time during which it was running (a gap between two readings of the clock means
it was off the CPU: descheduled, or waiting for the GIL). The overlap of two workers'
stretches is how long they computed at once; threads under the GIL never do.
"""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

GAP = 0.001  # seconds between two readings that mean the worker was not running
# Overlap, as a share of each worker's CPU time, that no clock jitter explains: computing at once.
MEANINGFUL = 0.1


def on_cpu(cpu_seconds: float) -> list[tuple[float, float]]:
    """Compute until this thread has used `cpu_seconds`; when it was running, as spans.

    perf_counter is the system-wide monotonic clock on Linux: spans of different processes
    can be compared.
    """
    spans: list[tuple[float, float]] = []
    start = last = time.perf_counter()
    deadline = time.thread_time() + cpu_seconds
    while True:
        for _ in range(200):  # reading the thread's CPU clock costs more than the wall clock
            now = time.perf_counter()
            if now - last > GAP:
                spans.append((start, last))
                start = now
            last = now
        if time.thread_time() >= deadline:
            break
    spans.append((start, last))
    return spans


def overlap(first: list[tuple[float, float]], second: list[tuple[float, float]]) -> float:
    """Seconds during which both workers were running."""
    total = 0.0
    for a_start, a_end in first:
        for b_start, b_end in second:
            total += max(0.0, min(a_end, b_end) - max(a_start, b_start))
    return total


def processes_overlap(
    start_method: str | None, cpu_seconds: float = 0.3, tries: int = 20
) -> list[float]:
    """How long two pool processes computed at once, per try, until one try shows they did.

    One try that overlaps proves they can; the others only say the machine kept a core busy.
    Measured in an interpreter of its own: a fork server lives as long as the process that
    started it, and the test process's may have been started by an earlier test in a state
    (a signal mask, a limit) that has nothing to do with this proof.
    """
    call = (
        "import json, sys, parallelism; "
        "print(json.dumps(parallelism.overlaps_here(sys.argv[1] or None, "
        "float(sys.argv[2]), int(sys.argv[3]))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", call, start_method or "", str(cpu_seconds), str(tries)],
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(run.stdout)


def overlaps_here(start_method: str | None, cpu_seconds: float, tries: int) -> list[float]:
    """`processes_overlap`, in this process."""
    context = multiprocessing.get_context(start_method)
    found = []
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        list(pool.map(abs, [1, 2]))  # both workers started: their start-up is not the point
        for _ in range(tries):
            first, second = pool.map(on_cpu, [cpu_seconds] * 2)
            found.append(overlap(first, second))
            if found[-1] >= MEANINGFUL * cpu_seconds:
                break
    return found


def threads_overlap(cpu_seconds: float = 0.2) -> float:
    """How long two threads of this process computed at once."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(on_cpu, [cpu_seconds] * 2)
    return overlap(first, second)


def most_at_once(spans: list[tuple[float, float]]) -> int:
    """The largest number of spans in progress at one moment."""
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    at_once = most = 0
    for _, change in events:  # an end sorts before a start at the same moment
        at_once += change
        most = max(most, at_once)
    return most


class RecordedWaits:
    """Stands in for a wait function, recording when each call was in progress, and in which
    thread (`of(name)`: the spans of the threads so named)."""

    def __init__(self, wait) -> None:
        self.wait, self.calls = wait, []
        self._lock = threading.Lock()

    def __call__(self, seconds: float):
        start = time.perf_counter()
        result = self.wait(seconds)
        with self._lock:
            self.calls.append((threading.current_thread().name, start, time.perf_counter()))
        return result

    @property
    def spans(self) -> list[tuple[float, float]]:
        return [(start, end) for _, start, end in self.calls]

    def of(self, *names: str) -> list[tuple[float, float]]:
        return [(start, end) for name, start, end in self.calls if name in names]
