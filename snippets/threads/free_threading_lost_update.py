"""`counter += 1` from several threads, without a lock and with one, on this interpreter."""

import sys
import threading

counter = 0
counter_lock = threading.Lock()


def gil_enabled() -> bool:
    """sys._is_gil_enabled() where it exists (3.13+); before 3.13 the GIL is always on."""
    return getattr(sys, "_is_gil_enabled", lambda: True)()


def add_unlocked(times: int) -> None:
    global counter
    for _ in range(times):
        counter += 1  # read, add, write: another thread can write in between


def add_locked(times: int) -> None:
    global counter
    for _ in range(times):
        with counter_lock:  # nobody else reads or writes while we do
            counter += 1


def count(target, threads: int, times: int) -> int:
    global counter
    counter = 0
    workers = [threading.Thread(target=target, args=(times,)) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return counter


def main(threads: int = 4, times: int = 200_000) -> dict[str, object]:
    expected = threads * times
    unlocked = count(add_unlocked, threads, times)
    locked = count(add_locked, threads, times)
    print(f"Python {sys.version.split()[0]}, GIL enabled: {gil_enabled()}")
    print(f"{threads} threads × {times} × counter += 1, expected {expected}:")
    print(f"  without a lock: counter = {unlocked}")
    print(f"  with a lock:    counter = {locked}")
    return {"gil": gil_enabled(), "expected": expected, "unlocked": unlocked, "locked": locked}


if __name__ == "__main__":
    main()
