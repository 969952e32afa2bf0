"""Two threads taking two locks in opposite order deadlock; one global order prevents it."""

import contextlib
import sys
import threading

lock_a = threading.Lock()
lock_b = threading.Lock()


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def meet(rendezvous: threading.Barrier, timeout: float) -> None:
    """Wait for the other thread, but never longer than timeout."""
    # BrokenBarrierError: the other thread could not come, it is waiting for a lock we hold.
    with contextlib.suppress(threading.BrokenBarrierError):
        rendezvous.wait(timeout)


def transfer(
    first: threading.Lock,
    second: threading.Lock,
    rendezvous: threading.Barrier,
    timeout: float,
    outcome: dict[str, bool],
) -> None:
    name = threading.current_thread().name
    with first:
        meet(rendezvous, timeout)  # both threads now hold their first lock, if they can
        got_second = second.acquire(timeout=timeout)  # without a timeout: blocked forever
        if got_second:
            second.release()
        meet(rendezvous, timeout)  # keep the first lock until the other thread has tried too
    say(f"{name}: second lock acquired: {got_second}")
    outcome[name] = got_second


def run(plan: dict[str, tuple[threading.Lock, threading.Lock]], timeout: float) -> dict[str, bool]:
    outcome: dict[str, bool] = {}
    rendezvous = threading.Barrier(len(plan))
    threads = [
        threading.Thread(target=transfer, name=name, args=(*locks, rendezvous, timeout, outcome))
        for name, locks in plan.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def in_global_order(*locks: threading.Lock) -> tuple[threading.Lock, ...]:
    """Every thread takes locks in one agreed order: here by id(); a rank or a name works too."""
    return tuple(sorted(locks, key=id))


def main(timeout: float = 0.5) -> dict[str, dict[str, bool]]:
    say("opposite order: alice takes A then B, bob takes B then A")
    opposite = run({"alice": (lock_a, lock_b), "bob": (lock_b, lock_a)}, timeout)
    say("one global order for both")
    ordered = run(
        {"alice": in_global_order(lock_a, lock_b), "bob": in_global_order(lock_b, lock_a)},
        timeout,
    )
    return {"opposite": opposite, "ordered": ordered}


if __name__ == "__main__":
    main()
