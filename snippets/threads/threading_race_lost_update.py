"""A read / call / write race: threads overwrite each other's updates, so the total is too low."""

import threading
import time

counter = 0


def work() -> None:
    time.sleep(0)  # any call may let another thread run; sleep(0) releases the GIL, inviting one


def increment(times: int, ready: threading.Barrier) -> None:
    global counter
    ready.wait(timeout=30)  # start together: every thread is running before the first read
    for _ in range(times):
        current = counter  # read
        work()  # call: another thread may read the same value meanwhile
        counter = current + 1  # write: overwrites whatever the other thread wrote


def main(threads: int = 5, times: int = 2_000) -> tuple[int, int]:
    global counter
    counter = 0
    ready = threading.Barrier(threads)
    workers = [threading.Thread(target=increment, args=(times, ready)) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    expected = threads * times
    print(f"{threads} threads x {times} increments: counter = {counter}, expected {expected}")
    print(f"lost updates: {expected - counter}")
    return counter, expected


if __name__ == "__main__":
    main()
