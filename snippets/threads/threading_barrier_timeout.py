"""A Barrier wait that times out breaks the barrier for every party, until reset()."""

import sys
import threading
import time


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def meet(
    barrier: threading.Barrier, timeout: float, origin: float, outcomes: dict[str, str]
) -> None:
    name = threading.current_thread().name
    arrived = time.perf_counter() - origin
    try:
        barrier.wait(timeout=timeout)
    except threading.BrokenBarrierError:
        outcome = "BrokenBarrierError"
    else:
        outcome = "passed"
    left = time.perf_counter() - origin
    outcomes[name] = outcome
    say(f"{left:5.2f} s  {name}: wait(timeout={timeout}) from {arrived:.2f} s -> {outcome}")


def start(
    barrier: threading.Barrier, name: str, timeout: float, origin: float, outcomes: dict[str, str]
) -> threading.Thread:
    thread = threading.Thread(target=meet, args=(barrier, timeout, origin, outcomes), name=name)
    thread.start()
    return thread


def main(patience: float = 0.5, long_wait: float = 10.0) -> dict[str, object]:
    barrier = threading.Barrier(3)
    outcomes: dict[str, str] = {}
    origin = time.perf_counter()
    say("Barrier(3): two threads arrive; the third is late")
    early = [
        start(barrier, "impatient", patience, origin, outcomes),
        start(barrier, "patient", long_wait, origin, outcomes),
    ]
    for thread in early:
        thread.join()
    # The third party arrives only now, after the barrier broke.
    start(barrier, "late", long_wait, origin, outcomes).join()
    broke = barrier.broken
    say(f"barrier.broken: {broke}")
    barrier.reset()  # whole again: no thread may be waiting on it meanwhile
    say(f"after reset(): barrier.broken: {barrier.broken}; the three meet again")
    again = [start(barrier, f"again-{i}", long_wait, origin, outcomes) for i in range(3)]
    for thread in again:
        thread.join()
    return {"outcomes": outcomes, "broke": broke, "broken_after_reset": barrier.broken}


if __name__ == "__main__":
    main()
