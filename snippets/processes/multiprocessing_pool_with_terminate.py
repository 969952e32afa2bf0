"""Leaving `with Pool()` calls terminate(): tasks still queued or running are thrown away."""

import multiprocessing as mp
import time


def slow_double(n: int, delay: float) -> int:
    time.sleep(delay)
    return 2 * n


def submit_and_leave(pool_context, delay: float) -> list[bool]:
    """The trap: submit with apply_async and fall off the end of the with block."""
    with pool_context.Pool(processes=2) as pool:
        pending = [pool.apply_async(slow_double, (n, delay)) for n in range(4)]
    return [result.ready() for result in pending]


def submit_close_join(pool_context, delay: float) -> list[int]:
    """The fix: close() and join() (or get() every result) before the block ends."""
    with pool_context.Pool(processes=2) as pool:
        pending = [pool.apply_async(slow_double, (n, delay)) for n in range(4)]
        pool.close()
        pool.join()
    return [result.get(timeout=0) for result in pending]


def main(delay: float = 0.5, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    t0 = time.perf_counter()
    finished = submit_and_leave(ctx, delay)
    print(f"trap: after {time.perf_counter() - t0:.2f} s, finished tasks: {finished}")
    t0 = time.perf_counter()
    results = submit_close_join(ctx, delay)
    print(f"fix:  after {time.perf_counter() - t0:.2f} s, results: {results}")
    return {"trap_finished": finished, "fix_results": results}


if __name__ == "__main__":
    main()
