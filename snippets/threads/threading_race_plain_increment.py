"""With the GIL, CPython 3.10+ usually gets the seed's unlocked `num += 1` loop right."""

import sys
import threading
import time

counter = 0


def increment(times: int) -> None:
    global counter
    for _ in range(times):
        counter += 1  # not atomic, but CPython switches threads only at calls and loop jumps


def main(threads: int = 5, times: int = 1_000_000) -> tuple[int, int]:
    global counter
    counter = 0
    workers = [threading.Thread(target=increment, args=(times,)) for _ in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    expected = threads * times
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    print(f"Python {sys.version.split()[0]}, GIL enabled: {gil}")
    print(f"switch interval: {sys.getswitchinterval() * 1000:.0f} ms, run took {elapsed:.2f} s")
    print(f"counter = {counter}, expected {expected}")
    return counter, expected


if __name__ == "__main__":
    main()
