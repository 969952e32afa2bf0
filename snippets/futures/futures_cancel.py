"""cancel() succeeds only for a task still waiting in the queue, never for one that is running."""

import threading
from concurrent.futures import CancelledError, ThreadPoolExecutor


def work(name: str, started: threading.Event, release: threading.Event) -> str:
    started.set()
    release.wait(timeout=30)
    return f"{name} finished"


def main() -> dict:
    started, release = threading.Event(), threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(work, "first", started, release)
        queued = pool.submit(work, "second", threading.Event(), release)
        started.wait(timeout=30)  # the only worker is busy with "first"; "second" waits
        outcome = {"running.cancel()": running.cancel(), "queued.cancel()": queued.cancel()}
        release.set()
        outcome["running"] = running.result(timeout=30)
        try:
            queued.result(timeout=30)
        except CancelledError:
            outcome["queued"] = "CancelledError"
    for key, value in outcome.items():
        print(f"{key:<17} -> {value}")
    return outcome


if __name__ == "__main__":
    main()
