"""wait() returns (done, not_done) when the first finishes, the first fails, all are done, or time
is up: it raises nothing and cancels nothing."""

import threading
from concurrent.futures import (
    ALL_COMPLETED,
    FIRST_COMPLETED,
    FIRST_EXCEPTION,
    ThreadPoolExecutor,
    wait,
)

# Each round: (how to wait, with a timeout or not, the jobs: (name, held until released, fails)).
ROUNDS = [
    (
        FIRST_COMPLETED,
        False,
        [("quick", False, False), ("held-1", True, False), ("held-2", True, False)],
    ),
    (
        FIRST_EXCEPTION,
        False,
        [("broken", False, True), ("held-1", True, False), ("held-2", True, False)],
    ),
    (
        ALL_COMPLETED,
        False,
        [("quick", False, False), ("broken", False, True), ("held-1", True, False)],
    ),
    (ALL_COMPLETED, True, [("quick", False, False), ("held-1", True, False)]),
]


def job(name: str, release: threading.Event | None, fail: bool) -> str:
    if release is not None:
        release.wait(timeout=30)  # held until the main thread lets it go
    if fail:
        raise RuntimeError(f"{name} failed")
    return name


def main(patience: float = 0.2) -> dict:
    outcome = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for when, timed, jobs in ROUNDS:
            release = threading.Event()
            futures = {
                pool.submit(job, name, release if held else None, fail): name
                for name, held, fail in jobs
            }
            if when == ALL_COMPLETED and not timed:
                release.set()  # this round waits for everything
            timeout = patience if timed else 30
            done, not_done = wait(futures, timeout=timeout, return_when=when)
            release.set()  # let the held jobs finish before the next round
            wait(futures, timeout=30)
            names = (sorted(futures[f] for f in done), sorted(futures[f] for f in not_done))
            label = f"{when}, timeout={timeout}" if timed else when
            outcome[label] = names
            print(f"{label:<28} done={names[0]}  not_done={names[1]}")
    return outcome


if __name__ == "__main__":
    main()
