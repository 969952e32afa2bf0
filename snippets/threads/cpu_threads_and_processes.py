"""The same CPU-bound work in two threads, then in two processes: the threads share one GIL,
each process has its own."""

import multiprocessing as mp
import os
import threading
import time


def count_down(n: int) -> None:
    """Pure-Python work: nothing but bytecode, which a thread runs only holding the GIL."""
    while n > 0:
        n -= 1


def run_all(workers: list) -> float:
    """Start every worker, wait for them all; the seconds it took."""
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started


def main(n: int = 3_000_000, workers: int = 2, start_method: str | None = None) -> dict[str, float]:
    print(f"pid {os.getpid()}: {workers} × count_down({n:_})")
    context = mp.get_context(start_method)
    numbers = range(1, workers + 1)
    seconds = {
        "threads": run_all(
            [threading.Thread(target=count_down, args=(n,), name=f"thread-{i}") for i in numbers]
        ),
        "processes": run_all(
            [context.Process(target=count_down, args=(n,), name=f"process-{i}") for i in numbers]
        ),
    }
    for model, taken in seconds.items():
        print(f"in {workers} {model:<9}: {taken:.2f} s")
    return seconds


if __name__ == "__main__":
    main()
