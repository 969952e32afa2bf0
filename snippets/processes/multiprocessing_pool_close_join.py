"""Pool.close() refuses new tasks but finishes queued ones; join() is allowed only after it."""

import multiprocessing as mp
import time


def slow_double(n: int, delay: float) -> int:
    time.sleep(delay)
    return 2 * n


def main(delay: float = 0.3, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    outcome = {}
    with ctx.Pool(processes=2) as pool:
        queued = [pool.apply_async(slow_double, (n, delay)) for n in range(4)]
        try:
            pool.join()  # too early: the pool still accepts tasks
        except ValueError as error:
            outcome["join before close"] = f"ValueError: {error}"

        pool.close()  # no new tasks; the 4 queued ones still run
        try:
            pool.apply_async(slow_double, (99, delay))
        except ValueError as error:
            outcome["submit after close"] = f"ValueError: {error}"

        pool.join()  # returns once the workers have finished the queue and exited
        outcome["results after join"] = [result.get(timeout=0) for result in queued]
    for step, result in outcome.items():
        print(f"{step + ':':<20} {result}")
    return outcome


if __name__ == "__main__":
    main()
