"""The same read / call / write sequence, made safe by holding a lock around it."""

import threading
import time

counter = 0
counter_lock = threading.Lock()


def work() -> None:
    time.sleep(0)  # still lets other threads run, but they wait at the lock


def increment(times: int) -> None:
    global counter
    for _ in range(times):
        with counter_lock:  # acquire(); try: ... finally: release()
            current = counter
            work()
            counter = current + 1


def main(threads: int = 5, times: int = 2_000) -> tuple[int, int]:
    global counter
    counter = 0
    workers = [threading.Thread(target=increment, args=(times,)) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    expected = threads * times
    print(f"{threads} threads x {times} increments: counter = {counter}, expected {expected}")
    return counter, expected


if __name__ == "__main__":
    main()
