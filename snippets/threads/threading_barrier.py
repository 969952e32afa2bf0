"""A Barrier holds every thread at the end of a phase until all of them have arrived."""

import sys
import threading
import time


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def worker(
    barrier: threading.Barrier,
    phases: int,
    durations: list[float],
    origin: float,
    log: list[tuple[str, int, float, float]],
) -> None:
    name = threading.current_thread().name
    for phase in range(phases):
        time.sleep(durations[phase])  # this thread's share of the phase
        arrived = time.perf_counter() - origin
        barrier.wait(timeout=10)  # a timeout turns a lost thread into an error, not a hang
        left = time.perf_counter() - origin
        log.append((name, phase, arrived, left))
        say(f"{name} phase {phase}: arrived {arrived:.2f} s, left {left:.2f} s")


def main(phases: int = 2, durations: tuple[float, ...] = (0.1, 0.3, 0.5)) -> dict[str, object]:
    announcements: list[float] = []
    origin = time.perf_counter()

    def announce() -> None:  # run by exactly one thread each time the barrier opens
        announcements.append(time.perf_counter() - origin)
        say(f"--- everyone arrived at {announcements[-1]:.2f} s ---")

    barrier = threading.Barrier(len(durations), action=announce)
    log: list[tuple[str, int, float, float]] = []
    threads = [
        # Thread i takes a different time per phase: the fast ones have to wait.
        threading.Thread(
            target=worker,
            args=(barrier, phases, durations[i:] + durations[:i], origin, log),
            name=f"t{i}",
        )
        for i in range(len(durations))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"log": log, "announcements": announcements}


if __name__ == "__main__":
    main()
