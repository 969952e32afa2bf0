"""shutdown(wait=True) waits for all tasks, wait=False does not; cancel_futures drops the queue."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor


def step(n: int, seconds: float, started: threading.Event) -> int:
    started.set()
    time.sleep(seconds)
    return n


def states(futures) -> list[str]:
    def state(f) -> str:
        if f.cancelled():
            return "cancelled"
        return "done" if f.done() else "running" if f.running() else "pending"

    return [state(f) for f in futures]


def main(seconds: float = 0.3) -> dict:
    outcome = {}
    for how in ("with", "wait=False", "cancel_futures=True"):
        pool = ThreadPoolExecutor(max_workers=1)  # one worker: task 0 runs, 1-3 queue
        started = threading.Event()
        futures = [pool.submit(step, n, seconds, started) for n in range(4)]
        started.wait(timeout=30)  # task 0 is running
        start = time.perf_counter()
        if how == "with":
            with pool:
                pass  # leaving the block calls pool.shutdown(wait=True)
        elif how == "wait=False":
            pool.shutdown(wait=False)
        else:
            pool.shutdown(wait=True, cancel_futures=True)
        took = time.perf_counter() - start
        right_after = states(futures)
        try:
            pool.submit(step, 4, seconds, started)
        except RuntimeError as error:
            refused = str(error)
        for future in futures:  # whatever is still to come, let it finish before the next case
            if not future.cancelled():
                future.result(timeout=30)
        final = states(futures)
        print(f"{how:<20} returned after {took:.2f} s; the 4 tasks then: {right_after}")
        print(f"{'':<20} and in the end: {final}")
        outcome[how] = {"seconds": took, "states": right_after, "final": final}
    print(f"submit() after shutdown: RuntimeError: {refused}")
    outcome["refused"] = refused
    return outcome


if __name__ == "__main__":
    main()
