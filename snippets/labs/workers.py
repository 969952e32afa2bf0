"""Worker functions for the lab notebooks.

They live in a module, not in a notebook cell: a child process started with spawn or
forkserver receives a function by its module and name and imports it, and a function defined
in a cell belongs to the kernel's ``__main__``, which the child cannot import.
"""

import os
import threading
import time


def whoami(task: int, seconds: float = 0.05) -> tuple[int, int, int]:
    """(task, pid, parent pid) of the process that ran the task, after a short wait.

    The wait keeps one worker from taking every task before the others have started.
    """
    time.sleep(seconds)
    return task, os.getpid(), os.getppid()


def wait_for_io(seconds: float) -> float:
    """Stands in for a network or disk wait; returns how long it really took."""
    started = time.perf_counter()
    time.sleep(seconds)
    return time.perf_counter() - started


def crunch(iterations: int) -> int:
    """Pure-Python arithmetic: holds the GIL the whole time."""
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return total


def crunch_cpu(iterations: int) -> tuple[int, float]:
    """`crunch`, and the CPU time it took in the process that ran it."""
    started = time.process_time()
    total = crunch(iterations)
    return total, time.process_time() - started


class Counter:
    value = 0


def add_unsafely(counter: Counter, times: int) -> None:
    """Read, call, write: another thread can run between the read and the write."""
    for _ in range(times):
        current = counter.value
        time.sleep(0)  # any call that lets another thread run
        counter.value = current + 1


def add_safely(counter: Counter, lock: threading.Lock, times: int) -> None:
    for _ in range(times):
        with lock:
            current = counter.value
            time.sleep(0)
            counter.value = current + 1
