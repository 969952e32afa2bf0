"""ProcessPoolExecutor.terminate_workers(), new in 3.14: end the workers, running tasks and all."""

import multiprocessing as mp
import sys
import time
from concurrent.futures import CancelledError, ProcessPoolExecutor

HAS_TERMINATE = hasattr(ProcessPoolExecutor, "terminate_workers")


def stuck(seconds: float) -> str:
    time.sleep(seconds)  # a task that would run far too long
    return "finished"


def main(seconds: float = 20.0, start_method: str | None = None) -> dict:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if not HAS_TERMINATE:
        print(f"Python {version}: ProcessPoolExecutor has no terminate_workers() (added in 3.14)")
        return {"version": version, "has_terminate": False}

    pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context(start_method))
    future = pool.submit(stuck, seconds)
    deadline = time.monotonic() + 30
    while not future.running() and time.monotonic() < deadline:
        time.sleep(0.01)  # handed to the worker
    time.sleep(0.5)  # and under way
    workers = len(mp.active_children())
    start = time.perf_counter()
    pool.terminate_workers()  # SIGTERM to every live worker, and shutdown(wait=False)
    try:
        error = future.exception(timeout=30)
        outcome = "a result" if error is None else type(error).__name__
    except CancelledError:
        outcome = "CancelledError"
    except TimeoutError:
        outcome = "nothing yet"
    took = time.perf_counter() - start
    while mp.active_children() and time.monotonic() < deadline:
        time.sleep(0.01)  # active_children() also reaps the ended workers
    left = len(mp.active_children())
    print(f"Python {version}: {workers} worker process, running a {seconds:.0f} s task")
    print(f"after terminate_workers() its future ended within {took:.1f} s, with {outcome}")
    print(f"worker processes left: {left}")
    return {"version": version, "has_terminate": True, "outcome": outcome, "left": left}


if __name__ == "__main__":
    main()
