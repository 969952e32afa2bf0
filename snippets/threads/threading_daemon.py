"""A daemon thread is stopped abruptly when the interpreter shuts down: no finally runs."""

import sys
import threading
import time


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def background(ticks: int, interval: float) -> None:
    try:
        for i in range(ticks):
            say(f"daemon: tick {i + 1}/{ticks}")
            time.sleep(interval)
    finally:
        # Reached only if the loop ends on its own; never when the interpreter shuts down.
        say("daemon: finally block ran")


def main(ticks: int = 10, interval: float = 0.2, main_runs_for: float = 0.5) -> threading.Thread:
    start = time.perf_counter()
    thread = threading.Thread(target=background, args=(ticks, interval), daemon=True)
    thread.start()
    say(f"main: started {thread.name!r}, daemon={thread.daemon}")
    time.sleep(main_runs_for)
    elapsed = time.perf_counter() - start
    say(f"main: returns after {elapsed:.1f} s, daemon thread alive: {thread.is_alive()}")
    return thread


if __name__ == "__main__":
    main()
