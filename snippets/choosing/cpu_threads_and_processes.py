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


def in_threads(n: int, workers: int) -> float:
    threads = [
        threading.Thread(target=count_down, args=(n,), name=f"thread-{number}")
        for number in range(1, workers + 1)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def in_processes(n: int, workers: int, start_method: str | None = None) -> float:
    context = mp.get_context(start_method)
    processes = [
        context.Process(target=count_down, args=(n,), name=f"process-{number}")
        for number in range(1, workers + 1)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return time.perf_counter() - started


def main(n: int = 5_000_000, workers: int = 2, start_method: str | None = None) -> dict[str, float]:
    print(f"pid {os.getpid()}: {workers} × count_down({n:_})")
    seconds = {
        "threads": in_threads(n, workers),
        "processes": in_processes(n, workers, start_method),
    }
    for model, taken in seconds.items():
        print(f"in {workers} {model:<9}: {taken:.2f} s")
    return seconds


if __name__ == "__main__":
    main()
