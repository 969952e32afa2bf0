"""join() inside the start loop runs the threads one after another; start all, then join."""

import threading
import time


def task(delay: float, started: dict[str, float], origin: float) -> None:
    started[threading.current_thread().name] = time.perf_counter() - origin
    time.sleep(delay)


def serial(count: int, delay: float) -> tuple[float, dict[str, float]]:
    started: dict[str, float] = {}
    origin = time.perf_counter()
    for i in range(count):
        thread = threading.Thread(target=task, args=(delay, started, origin), name=f"serial-{i}")
        thread.start()
        thread.join()  # the pitfall: waits here before the next thread is even created
    return time.perf_counter() - origin, started


def parallel(count: int, delay: float) -> tuple[float, dict[str, float]]:
    started: dict[str, float] = {}
    origin = time.perf_counter()
    threads = [
        threading.Thread(target=task, args=(delay, started, origin), name=f"parallel-{i}")
        for i in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - origin, started


def main(count: int = 5, delay: float = 0.5) -> dict[str, dict[str, object]]:
    results: dict[str, dict[str, object]] = {}
    for label, run in (("start + join in the loop", serial), ("start all, then join", parallel)):
        elapsed, started = run(count, delay)
        offsets = ", ".join(f"{offset:.2f}" for offset in started.values())
        print(f"{label}: {count} threads x {delay} s took {elapsed:.2f} s")
        print(f"  each thread started at (s): {offsets}")
        results[run.__name__] = {"elapsed": elapsed, "started": list(started.values())}
    return results


if __name__ == "__main__":
    main()
