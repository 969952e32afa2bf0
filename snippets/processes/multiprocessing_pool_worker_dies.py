"""A Pool worker that dies mid-task is replaced, and its task's result never comes."""

import multiprocessing as mp
import os
import time


def die() -> None:
    os._exit(1)  # the worker process ends at once, as if it had been killed


def workers() -> list[str]:
    return sorted(child.name for child in mp.active_children() if "PoolWorker" in child.name)


def main(patience: float = 1.0, start_method: str | None = None) -> dict[str, object]:
    ctx = mp.get_context(start_method)
    with ctx.Pool(processes=2) as pool:
        before = workers()
        lost = pool.apply_async(die)
        try:
            lost.get(timeout=patience)  # without a timeout, this would wait forever
            outcome = "a result"
        except mp.TimeoutError:
            outcome = f"TimeoutError after {patience} s"
        deadline = time.monotonic() + 30
        while not set(workers()) - set(before) and time.monotonic() < deadline:
            time.sleep(0.05)  # until the pool has noticed the dead worker and started another
        after = workers()
        still = pool.apply(pow, (2, 10))
        print(f"{'workers before:':<23}{before}")
        waited = f"lost.get(timeout={patience}):"
        print(f"{waited:<23}{outcome}; ready() -> {lost.ready()}")
        print(f"{'workers after:':<23}{after}")
        print(f"{'a new task:':<23}pow(2, 10) = {still}")
    return {"before": before, "after": after, "outcome": outcome, "ready": lost.ready()}


if __name__ == "__main__":
    main()
