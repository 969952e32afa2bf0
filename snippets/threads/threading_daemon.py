"""At exit Python waits for every non-daemon thread, then stops the daemon threads abruptly."""

import atexit
import sys
import threading
import time


def say(output: threading.Lock, message: str) -> None:
    with output:
        sys.stdout.write(f"{message}\n")


def tick(ticks: int, interval: float, output: threading.Lock) -> None:
    name = threading.current_thread().name
    try:
        for i in range(ticks):
            say(output, f"{name}: tick {i + 1}/{ticks}")
            time.sleep(interval)
    finally:
        # Runs when the loop ends on its own; never in a daemon thread stopped at exit.
        say(output, f"{name}: finally block ran")


def main(
    daemon_ticks: int = 10, worker_ticks: int = 4, interval: float = 0.2, main_runs_for: float = 0.3
) -> dict[str, threading.Thread]:
    output = threading.Lock()
    # A daemon thread stops wherever it is, even inside a write holding stdout's own lock, and
    # the interpreter's last flush would then abort ("Fatal Python error: _enter_buffered_busy").
    # Exit handlers run after the non-daemon threads end and before that flush: taking the
    # output lock there for good leaves the daemon thread stopped outside any write.
    atexit.register(output.acquire)
    start = time.perf_counter()
    threads = {
        "daemon": threading.Thread(
            target=tick, args=(daemon_ticks, interval, output), name="daemon", daemon=True
        ),
        "worker": threading.Thread(
            target=tick, args=(worker_ticks, interval, output), name="worker"
        ),
    }
    for thread in threads.values():
        thread.start()
    time.sleep(main_runs_for)
    alive = ", ".join(f"{name} alive: {thread.is_alive()}" for name, thread in threads.items())
    say(output, f"main: returns after {time.perf_counter() - start:.2f} s; {alive}")
    return threads


if __name__ == "__main__":
    main()
