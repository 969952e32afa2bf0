"""``gevent.pool.Pool`` caps how many greenlets run at once; ``map`` keeps the input order."""

from gevent import monkey

monkey.patch_all()  # first, before anything else is imported

import functools  # noqa: E402
import time  # noqa: E402

from gevent.pool import Pool  # noqa: E402


class Gauge:
    """Counts greenlets inside `download`, the highest count, and the order they finish in."""

    def __init__(self) -> None:
        self.current = 0
        self.highest = 0
        self.finished: list[int] = []


def download(n: int, seconds: float, gauge: Gauge) -> int:
    gauge.current += 1
    gauge.highest = max(gauge.highest, gauge.current)
    try:
        time.sleep(seconds * (3 - n % 3))  # uneven durations, so they finish out of order
    finally:
        gauge.current -= 1
        gauge.finished.append(n)
    return n * n


def main(jobs: int = 9, size: int = 3, seconds: float = 0.1) -> dict:
    gauge = Gauge()
    pool = Pool(size)
    t0 = time.perf_counter()
    results = pool.map(functools.partial(download, seconds=seconds, gauge=gauge), range(jobs))
    elapsed = time.perf_counter() - t0
    pool.join()  # map has returned, so nothing is left running; join makes sure
    print(f"finish order:           {gauge.finished}")
    print(f"results in input order: {results}")
    print(f"pool size {size}: at most {gauge.highest} greenlets ran at once, {elapsed:.2f}s")
    return {"results": results, "finished": gauge.finished, "highest": gauge.highest}


if __name__ == "__main__":
    main()
