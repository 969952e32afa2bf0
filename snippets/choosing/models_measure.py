"""The same I/O-bound and CPU-bound work, done one after another, with asyncio, threads and pools.

For the CPU-bound work each line gives the wall time (starting and stopping a pool included)
and the CPU time the tasks used: CPU time divided by wall time is how many cores were busy.
Each way runs `repeats` times, the ways taking turns, and its fastest run is kept: load on the
machine only ever slows a run down, and a slow moment (the first run's warming up included)
falls on every way alike.
"""

import asyncio
import multiprocessing as mp
import os
import platform
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor


def wait_for_io(seconds: float) -> None:
    """Stands in for a network or disk wait: the thread sleeps, the CPU is free."""
    time.sleep(seconds)


def crunch(iterations: int) -> float:
    """Pure-Python arithmetic, which holds the GIL throughout; returns the CPU time it used."""
    started = time.thread_time()
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return time.thread_time() - started


def iterations_for(seconds: float) -> int:
    """How many `crunch` iterations take `seconds` of CPU time here (CPU time, not wall time:
    on a busy machine the wall time includes waiting for a core)."""
    iterations = 100_000
    while (cpu := crunch(iterations)) < 0.05:
        iterations *= 2
    return int(iterations * seconds / cpu)


def in_pool(pool: Executor, function: Callable, arguments: list) -> list:
    with pool:  # leaving the block waits for the workers to finish and exit
        return list(pool.map(function, arguments))


async def all_at_once(coroutines) -> list:
    return await asyncio.gather(*coroutines)


async def crunch_in_a_task(iterations: int) -> float:
    return crunch(iterations)  # no await inside: the event loop runs one task at a time


def io_bound(waits: int, seconds: float, pool_size: int, start_method: str | None) -> dict:
    """The wall time of `waits` waits of `seconds` each, done each way once."""
    delays = [seconds] * waits
    context = mp.get_context(start_method)
    ways = {
        "asyncio, one thread": lambda: asyncio.run(all_at_once(map(asyncio.sleep, delays))),
        f"ThreadPoolExecutor({waits}), a thread per wait": lambda: in_pool(
            ThreadPoolExecutor(waits), wait_for_io, delays
        ),
        f"ThreadPoolExecutor({pool_size})": lambda: in_pool(
            ThreadPoolExecutor(pool_size), wait_for_io, delays
        ),
        f"ProcessPoolExecutor({pool_size})": lambda: in_pool(
            ProcessPoolExecutor(pool_size, mp_context=context), wait_for_io, delays
        ),
    }
    return {way: wall for way, (wall, _) in fastest(ways, 1).items()}


def cpu_bound(tasks: int, iterations: int, repeats: int, start_method: str | None) -> dict:
    """(wall time, CPU time) of `tasks` computations, done each way: the fastest of `repeats`."""
    work = [iterations] * tasks
    context = mp.get_context(start_method)
    ways = {
        "one after another": lambda: [crunch(n) for n in work],
        "asyncio, one thread": lambda: asyncio.run(all_at_once(map(crunch_in_a_task, work))),
        f"ThreadPoolExecutor({tasks}), a thread per task": lambda: in_pool(
            ThreadPoolExecutor(tasks), crunch, work
        ),
        f"ProcessPoolExecutor({tasks})": lambda: in_pool(
            ProcessPoolExecutor(tasks, mp_context=context), crunch, work
        ),
    }
    # Each task returns the CPU time it used, in whichever thread or process ran it.
    return {way: (wall, sum(used)) for way, (wall, used) in fastest(ways, repeats).items()}


def fastest(ways: dict[str, Callable[[], list]], repeats: int) -> dict[str, tuple[float, list]]:
    """Each way's fastest run of `repeats`, the ways taking turns: its wall time, and what it
    returned."""
    runs: dict[str, list[tuple[float, list]]] = {way: [] for way in ways}
    for _ in range(repeats):
        for way, run in ways.items():
            started = time.perf_counter()
            returned = run()
            runs[way].append((time.perf_counter() - started, returned))
    return {way: min(timed, key=lambda one: one[0]) for way, timed in runs.items()}


def main(
    waits: int = 100,
    wait_seconds: float = 0.02,
    pool_size: int = 8,
    task_seconds: float = 0.3,
    repeats: int = 2,
    start_method: str | None = None,
) -> dict[str, dict]:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    tasks = min(max(cpus, 2), 4)  # one task per core: at least 2, at most 4
    method = mp.get_context(start_method).get_start_method()
    print(f"Python {platform.python_version()}, {cpus} CPUs, start method {method}")

    print(f"I/O-bound: {waits} waits of {wait_seconds} s")
    print(f"  one after another (computed, {waits} × {wait_seconds}): {waits * wait_seconds:.2f} s")
    io = io_bound(waits, wait_seconds, pool_size, start_method)
    for way, wall in io.items():
        print(f"  {way}: {wall:.2f} s")

    iterations = iterations_for(task_seconds)
    print(f"CPU-bound: {tasks} tasks of {iterations:_} iterations, the fastest of {repeats} runs")
    cpu = cpu_bound(tasks, iterations, repeats, start_method)
    for way, (wall, used) in cpu.items():
        print(f"  {way}: {wall:.2f} s, CPU time {used:.2f} s")
    return {"io": io, "cpu": cpu, "tasks": tasks}


if __name__ == "__main__":
    main()
