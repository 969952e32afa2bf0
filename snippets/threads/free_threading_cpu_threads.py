"""CPU-bound threads on this interpreter: how many cores they keep busy, CPU time over wall time.

With the GIL, one thread computes at a time, so the threads' CPU time adds up to no more than
the wall time they took (one core busy). On a free-threaded build with the GIL off, the threads
compute at the same moments: their CPU time adds up to more than the wall time.
"""

import platform
import sys
import sysconfig
import threading
import time
from dataclasses import dataclass

from snippets import claims, machine

ONE_CORE = {
    "en": "with the GIL, CPU-bound threads never keep more than one core busy",
    "zh": "有 GIL 时，CPU 密集型的线程从不让超过一个核心忙碌",
}
SEVERAL_CORES = {
    "en": "with the GIL off, CPU-bound threads keep more than one core busy",
    "zh": "GIL 关闭时，CPU 密集型的线程同时让不止一个核心忙碌",
}


def gil_enabled() -> bool:
    """sys._is_gil_enabled() where it exists (3.13+); before 3.13 the GIL is always on."""
    return getattr(sys, "_is_gil_enabled", lambda: True)()


def crunch(iterations: int) -> tuple[float, float, float]:
    """Pure-Python arithmetic; when it started and ended, and the CPU time its thread used."""
    started, cpu_started = time.perf_counter(), time.thread_time()
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return started, time.perf_counter(), time.thread_time() - cpu_started


def iterations_for(seconds: float) -> int:
    """How many `crunch` iterations take about `seconds` of CPU time in one thread here.

    CPU time, not wall time: on a busy machine the wall time includes waiting for a core.
    """
    iterations = 20_000
    while True:
        _, _, cpu = crunch(iterations)
        if cpu >= 0.05:
            return max(1, int(iterations * seconds / cpu))
        iterations *= 2


@dataclass
class Run:
    wall: float  # from the first task's start to the last task's end
    cpu: float  # the CPU time all the tasks used

    @property
    def cores(self) -> float:
        return self.cpu / self.wall


def run_of(spans: list[tuple[float, float, float]]) -> Run:
    wall = max(end for _, end, _ in spans) - min(start for start, _, _ in spans)
    return Run(wall=wall, cpu=sum(cpu for _, _, cpu in spans))


def one_after_another(tasks: int, iterations: int) -> Run:
    return run_of([crunch(iterations) for _ in range(tasks)])


def in_threads(tasks: int, iterations: int) -> Run:
    spans: list[tuple[float, float, float]] = []
    threads = [
        threading.Thread(target=lambda: spans.append(crunch(iterations))) for _ in range(tasks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return run_of(spans)


def check(threads: Run, gil: bool, cpus: int, free_cores: float) -> None:
    """State what the page says about these figures (snippets/claims.py)."""
    if gil:
        claims.check(ONE_CORE, threads.cores <= 1.1, claims.cores_busy(threads.cores))
    elif cpus < 2 or free_cores < 1.6:
        why = {
            "en": f"The machine that built this page left the threads {free_cores:.1f} of its "
            f"{cpus} CPU cores free, too few to show them computing in parallel.",
            "zh": f"构建本页的机器在测量时只给这些线程留出了 {cpus} 个 CPU 核心中的 "
            f"{free_cores:.1f} 个，不足以显示它们并行计算。",
        }
        claims.cannot_show(SEVERAL_CORES, why)
    else:
        claims.check(SEVERAL_CORES, threads.cores > 1.3, claims.cores_busy(threads.cores))


def main(seconds: float = 0.25, repeats: int = 3) -> dict[str, object]:
    gil = gil_enabled()
    cpus = machine.usable_cpus()
    tasks = min(max(cpus, 2), 4)  # one thread per core, at least 2, at most 4
    iterations = iterations_for(seconds)
    sequential, threads, free = [], [], []
    for _ in range(repeats):  # load only ever slows a run down: keep the best
        sequential.append(one_after_another(tasks, iterations))
        with machine.free_cores() as cores:
            threads.append(in_threads(tasks, iterations))
            cores.own_cpu = threads[-1].cpu
        free.append(cores.free)
    best_sequential = min(sequential, key=lambda run: run.wall)
    best_threads = min(threads, key=lambda run: run.wall)
    build = "free-threaded" if sysconfig.get_config_var("Py_GIL_DISABLED") else "with the GIL"
    print(f"Python {platform.python_version()}, a build {build}, GIL enabled: {gil}")
    print(f"{tasks} tasks of pure-Python arithmetic, ≈{seconds} s each, best of {repeats}:")
    print(f"  one after another: {best_sequential.wall:.2f} s")
    print(
        f"  {tasks} threads: {best_threads.wall:.2f} s, CPU time {best_threads.cpu:.2f} s "
        f"= {best_threads.cores:.2f} cores busy"
    )
    check(best_threads, gil, cpus, max(free))
    return {
        "gil": gil,
        "tasks": tasks,
        "sequential": best_sequential,
        "threads": best_threads,
        "free_cores": max(free),
    }


if __name__ == "__main__":
    main()
