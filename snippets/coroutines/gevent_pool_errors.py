"""When a greenlet of ``Pool.map`` raises, ``map`` re-raises it and the pool's others run on."""

from gevent import monkey

monkey.patch_all()  # first, before anything else is imported

import functools  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from gevent.pool import Pool  # noqa: E402


def fetch(n: int, seconds: float, started: list[int], ended: list[int]) -> int:
    started.append(n)
    if n == 0:
        time.sleep(seconds / 4)
        raise ValueError("job 0 failed")
    time.sleep(seconds)
    ended.append(n)
    return n


def main(jobs: int = 5, size: int = 2, seconds: float = 0.3) -> dict:
    started: list[int] = []
    ended: list[int] = []
    running: list[int] = []
    hub = gevent.get_hub()
    printed_to = hub.exception_stream
    hub.exception_stream = None  # no traceback from the hub per failure: map() raises it here
    pool = Pool(size)
    try:
        job = functools.partial(fetch, seconds=seconds, started=started, ended=ended)
        try:
            pool.map(job, range(jobs))
        except ValueError as error:
            running = [n for n in started if n not in ended and n != 0]
            print(f"map() raised {error!r} once every job had started: {started}")
            print(f"greenlets still in the pool then: {len(pool)}, running jobs {running}")
        pool.join(timeout=30)
    finally:
        hub.exception_stream = printed_to
    print(f"after pool.join(): jobs that ran to their end {sorted(ended)}, pool size {len(pool)}")
    return {"started": started, "ended": sorted(ended), "running": running, "left": len(pool)}


if __name__ == "__main__":
    main()
