"""A thread that fails before it reaches a Barrier aborts it: the waiting threads are let go."""

import sys
import threading
import time


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def prepare(fails: bool, seconds: float) -> None:
    """This thread's share of the phase."""
    time.sleep(seconds)
    if fails:
        raise ValueError("bad input")


def worker(barrier: threading.Barrier, fails: bool, timeout: float, origin: float) -> None:
    name = threading.current_thread().name
    try:
        prepare(fails, seconds=0.1)
    except ValueError as error:
        say(f"{name}: failed ({error}), aborts the barrier")
        barrier.abort()  # without it, the others would wait until their timeout
        return
    try:
        barrier.wait(timeout=timeout)
    except threading.BrokenBarrierError:
        waited = time.perf_counter() - origin
        say(f"{name}: wait(timeout={timeout}) raised BrokenBarrierError after {waited:.2f} s")


def main(parties: int = 3, timeout: float = 10.0) -> bool:
    barrier = threading.Barrier(parties)
    origin = time.perf_counter()
    threads = [
        threading.Thread(target=worker, args=(barrier, i == 1, timeout, origin), name=f"t{i}")
        for i in range(parties)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    say(f"barrier.broken: {barrier.broken}")
    return barrier.broken


if __name__ == "__main__":
    main()
