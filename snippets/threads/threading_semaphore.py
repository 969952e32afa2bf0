"""A Semaphore(N) lets at most N threads into a section at once; the rest wait their turn."""

import sys
import threading
import time


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


class Gauge:
    """Counts the threads inside the limited section, reports each change, keeps the maximum."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._origin = time.perf_counter()
        self.inside = 0
        self.highest = 0

    def change(self, step: int, event: str) -> None:
        with self._lock:  # count and report together, so the lines come out in count order
            self.inside += step
            self.highest = max(self.highest, self.inside)
            elapsed = time.perf_counter() - self._origin
            name = threading.current_thread().name
            say(f"{elapsed:5.2f} s  {name} {event:<3}  ({self.inside} inside)")


def download(slots: threading.Semaphore, gauge: Gauge, duration: float) -> None:
    with slots:
        gauge.change(+1, "in")
        time.sleep(duration)
        gauge.change(-1, "out")


def main(workers: int = 7, limit: int = 3, duration: float = 0.5) -> dict[str, float]:
    slots = threading.Semaphore(limit)
    gauge = Gauge()
    threads = [
        threading.Thread(target=download, args=(slots, gauge, duration), name=f"download-{i}")
        for i in range(workers)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    say(f"{workers} threads of {duration} s, Semaphore({limit}): at most {gauge.highest} inside")
    say(f"all done after {elapsed:.2f} s")
    return {"highest": gauge.highest, "elapsed": elapsed}


if __name__ == "__main__":
    main()
