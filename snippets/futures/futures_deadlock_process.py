"""A process-pool task cannot call its own pool: the pool does not pickle, a forked copy hangs."""

import multiprocessing as mp
import time
from concurrent.futures import ProcessPoolExecutor

pool: ProcessPoolExecutor | None = None  # set before the workers are forked: they inherit it


def use_the_pool(patience: float) -> str:
    """A task that submits to its pool, through the copy of it its forked worker inherited."""
    try:
        return f"got {pool.submit(pow, 2, 10).result(timeout=patience)}"
    except TimeoutError:
        return "its own wait timed out"


def double(executor: ProcessPoolExecutor, n: int) -> int:
    return 2 * n


def main(patience: float = 1.0, start_method: str | None = None) -> dict[str, str]:
    global pool
    outcome = {}
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context(start_method)) as sender:
        error = sender.submit(double, sender, 21).exception(timeout=60)
    outcome["given"] = f"{type(error).__name__}: {error}"
    print(f"a task given its pool as an argument: {outcome['given']}")

    if "fork" not in mp.get_all_start_methods():
        print("no fork on this platform: no worker can inherit a copy of its pool")
        return outcome
    pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork"))
    start = time.perf_counter()
    try:
        outcome["forked"] = pool.submit(use_the_pool, patience).result(timeout=3 * patience)
    except TimeoutError:
        waited = time.perf_counter() - start
        outcome["forked"] = "no answer"
        print(f"a forked worker calling its pool's copy: no answer after {waited:.1f} s")
    stuck = mp.active_children()  # the pool's worker, blocked for good: end it
    for worker in stuck:
        worker.terminate()
        worker.join(timeout=30)
    pool.shutdown(wait=True, cancel_futures=True)
    pool = None
    print(f"stuck workers terminated: {len(stuck)}")
    return outcome


if __name__ == "__main__":
    main()
