"""A thread pool cannot stop a task that has started: cancel(), timeouts and shutdown leave it."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor


def count(steps: int, step: float, started: threading.Event, done: list[int]) -> int:
    started.set()
    for n in range(steps):
        time.sleep(step)
        done.append(n)
    return len(done)


def main(steps: int = 5, step: float = 0.4) -> dict:
    started, done = threading.Event(), []
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(count, steps, step, started, done)
    started.wait(timeout=30)
    outcome = {"cancel()": future.cancel()}
    try:
        future.result(timeout=step / 2)
    except TimeoutError:
        outcome["result(timeout)"] = "TimeoutError"
    pool.shutdown(wait=False, cancel_futures=True)
    outcome["running after shutdown"] = future.running()
    print(f"cancel() -> {outcome['cancel()']}")
    print(f"result(timeout={step / 2}) -> {outcome['result(timeout)']}")
    print(f"shutdown(wait=False, cancel_futures=True) returned; running() -> {future.running()}")
    outcome["steps done"] = future.result(timeout=60)  # the task ran on to its end
    print(f"the task then ran all its steps: {outcome['steps done']} of {steps}")
    return outcome


if __name__ == "__main__":
    main()
