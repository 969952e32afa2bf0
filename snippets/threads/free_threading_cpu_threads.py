"""CPU-bound threads on this interpreter: how many cores they keep busy, CPU time over wall time.

With the GIL one thread computes at a time, so the threads' CPU time adds up to no more than
the wall time they took: one core busy. On a free-threaded build with the GIL off they compute
at the same moments, and their CPU time adds up to more than the wall time.
"""

import os
import platform
import sys
import sysconfig
import threading
import time


def count_down(n: int) -> float:
    """Pure-Python work; returns the CPU time its thread used."""
    started = time.thread_time()
    while n > 0:
        n -= 1
    return time.thread_time() - started


def one_after_another(tasks: int, n: int) -> list[float]:
    return [count_down(n) for _ in range(tasks)]


def in_threads(tasks: int, n: int) -> list[float]:
    used = [0.0] * tasks

    def work(task: int) -> None:
        used[task] = count_down(n)

    threads = [threading.Thread(target=work, args=(task,)) for task in range(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return used


def fastest(ways, tasks: int, n: int, repeats: int) -> list[tuple[float, float]]:
    """(wall time, CPU time) of each way, the fastest of `repeats` runs taken in turn: load
    only ever slows a run down, and a slow moment of the machine falls on every way alike."""
    runs: list[list[tuple[float, float]]] = [[] for _ in ways]
    for _ in range(repeats):
        for way, taken in zip(ways, runs, strict=True):
            started = time.perf_counter()
            cpu = sum(way(tasks, n))
            taken.append((time.perf_counter() - started, cpu))
    return [min(taken) for taken in runs]


def main(n: int = 5_000_000, repeats: int = 5) -> dict[str, object]:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    tasks = min(max(cpus, 2), 4)  # one thread per core: at least 2, at most 4
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()  # before 3.13 the GIL is always on
    free_threaded = sysconfig.get_config_var("Py_GIL_DISABLED")
    build = "a free-threaded build" if free_threaded else "a build with the GIL"
    print(f"Python {platform.python_version()}, {build}, GIL enabled: {gil}, {cpus} CPUs")
    print(f"{tasks} × count_down({n:_}), the fastest of {repeats} runs:")
    sequential, threads = fastest([one_after_another, in_threads], tasks, n, repeats)
    print(f"  one after another: {sequential[0]:.2f} s, CPU time {sequential[1]:.2f} s")
    print(
        f"  {tasks} threads: {threads[0]:.2f} s, CPU time {threads[1]:.2f} s"
        f" = {threads[1] / threads[0]:.2f} cores busy"
    )
    return {"gil": gil, "tasks": tasks, "sequential": sequential, "threads": threads}


if __name__ == "__main__":
    main()
