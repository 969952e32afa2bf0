"""An Event as a start signal (all workers begin together) and as a stop signal."""

import sys
import threading
import time


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def worker(
    start: threading.Event,
    stop: threading.Event,
    interval: float,
    origin: float,
    log: dict[str, tuple[float, int]],
) -> None:
    name = threading.current_thread().name
    start.wait()  # blocks until main() calls start.set()
    began = time.perf_counter() - origin
    say(f"{began:5.2f} s  {name} starts")
    ticks = 0
    while not stop.wait(interval):  # sleeps at most `interval`, wakes at once on stop.set()
        ticks += 1  # one round of periodic work
    log[name] = (began, ticks)
    say(f"{time.perf_counter() - origin:5.2f} s  {name} stops after {ticks} ticks")


def main(
    workers: int = 3, warm_up: float = 0.5, run_for: float = 1.0, interval: float = 0.2
) -> dict[str, object]:
    start, stop = threading.Event(), threading.Event()
    log: dict[str, tuple[float, int]] = {}
    origin = time.perf_counter()
    threads = [
        threading.Thread(target=worker, args=(start, stop, interval, origin, log), name=f"w{i}")
        for i in range(workers)
    ]
    for thread in threads:
        thread.start()
    time.sleep(warm_up)  # the threads exist, but they all wait at start.wait()
    start_set = time.perf_counter() - origin
    say(f"{start_set:5.2f} s  main sets start")
    start.set()
    time.sleep(run_for)
    stop_set = time.perf_counter() - origin
    say(f"{stop_set:5.2f} s  main sets stop")
    stop.set()
    for thread in threads:
        thread.join()
    all_joined = time.perf_counter() - origin
    say(f"{all_joined:5.2f} s  all threads joined")
    return {"start_set": start_set, "stop_set": stop_set, "all_joined": all_joined, "log": log}


if __name__ == "__main__":
    main()
