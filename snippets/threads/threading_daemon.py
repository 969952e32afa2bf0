"""At exit Python waits for every non-daemon thread, then stops the daemon threads abruptly."""

import sys
import threading
import time


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def tick(ticks: int, interval: float) -> None:
    name = threading.current_thread().name
    try:
        for i in range(ticks):
            say(f"{name}: tick {i + 1}/{ticks}")
            time.sleep(interval)
    finally:
        # Runs when the loop ends on its own; never in a daemon thread stopped at exit.
        say(f"{name}: finally block ran")


def main(
    daemon_ticks: int = 10, worker_ticks: int = 4, interval: float = 0.2, main_runs_for: float = 0.3
) -> dict[str, threading.Thread]:
    start = time.perf_counter()
    threads = {
        "daemon": threading.Thread(
            target=tick, args=(daemon_ticks, interval), name="daemon", daemon=True
        ),
        "worker": threading.Thread(target=tick, args=(worker_ticks, interval), name="worker"),
    }
    for thread in threads.values():
        thread.start()
    time.sleep(main_runs_for)
    alive = ", ".join(f"{name} alive: {thread.is_alive()}" for name, thread in threads.items())
    say(f"main: returns after {time.perf_counter() - start:.2f} s; {alive}")
    return threads


if __name__ == "__main__":
    main()
