"""wait() returns (done, not_done) when the first finishes, the first fails, or all are done."""

import threading
from concurrent.futures import (
    ALL_COMPLETED,
    FIRST_COMPLETED,
    FIRST_EXCEPTION,
    ThreadPoolExecutor,
    wait,
)

# For each way of waiting, the jobs of one round: (name, held until released, fails).
ROUNDS = {
    FIRST_COMPLETED: [("quick", False, False), ("held-1", True, False), ("held-2", True, False)],
    FIRST_EXCEPTION: [("broken", False, True), ("held-1", True, False), ("held-2", True, False)],
    ALL_COMPLETED: [("quick", False, False), ("broken", False, True), ("held-1", True, False)],
}


def job(name: str, release: threading.Event | None, fail: bool) -> str:
    if release is not None:
        release.wait(timeout=30)  # held until the main thread lets it go
    if fail:
        raise RuntimeError(f"{name} failed")
    return name


def main() -> dict:
    outcome = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for when, jobs in ROUNDS.items():
            release = threading.Event()
            futures = {
                pool.submit(job, name, release if held else None, fail): name
                for name, held, fail in jobs
            }
            if when == ALL_COMPLETED:
                release.set()
            done, not_done = wait(futures, timeout=30, return_when=when)
            release.set()  # let the held jobs finish before the next round
            wait(futures, timeout=30)
            names = (sorted(futures[f] for f in done), sorted(futures[f] for f in not_done))
            outcome[when] = names
            print(f"{when:<16} done={names[0]}  not_done={names[1]}")
    return outcome


if __name__ == "__main__":
    main()
