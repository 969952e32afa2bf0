"""submit() returns a Future at once; result() waits for it, with a timeout if you give one."""

import time
from concurrent.futures import ThreadPoolExecutor


def slow_square(n: int, delay: float) -> int:
    time.sleep(delay)
    return n * n


def main(delay: float = 1.0) -> dict:
    with ThreadPoolExecutor(max_workers=2) as pool:
        start = time.perf_counter()
        future = pool.submit(slow_square, 7, delay)
        took = time.perf_counter() - start
        done_at_once = future.done()
        print(f"submit() returned after {took * 1000:.1f} ms; done() -> {done_at_once}")

        timed_out = None
        try:
            future.result(timeout=delay / 10)
        except TimeoutError as error:  # concurrent.futures.TimeoutError is this, since 3.11
            timed_out = type(error).__name__
            print(f"result(timeout={delay / 10}) raised {timed_out}; the task runs on")

        value = future.result(timeout=delay * 30)
        print(f"result() -> {value}, after {time.perf_counter() - start:.2f} s")
        print(f"exception() -> {future.exception()}; done() -> {future.done()}")
        print(f"{future!r}")
    return {
        "done_at_once": done_at_once,
        "timed_out": timed_out,
        "value": value,
        "done": future.done(),
    }


if __name__ == "__main__":
    main()
