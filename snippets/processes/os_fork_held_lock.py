"""A lock another thread holds at fork() stays locked in the child, where nothing releases it."""

import logging
import os
import sys
import threading
import time
import warnings


def main(patience: float = 1.0, hold: float = 10.0) -> dict[str, object]:
    my_lock = threading.Lock()  # the program's own lock: nothing resets it at fork()
    handler = logging.StreamHandler()  # logging re-creates its handlers' locks in a child
    holding, done = threading.Event(), threading.Event()

    def hold_both() -> None:
        with my_lock, handler.lock:
            holding.set()
            done.wait(hold)  # until the parent is done with the child, at most `hold` s

    holder = threading.Thread(target=hold_both, name="holder")
    holder.start()
    holding.wait(timeout=30)
    print(f"parent {os.getpid()}: thread 'holder' holds my_lock and the handler's lock")

    sys.stdout.flush()
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # fork() in a process with a second thread warns (3.12+); the page's program above
        # shows the warning, this one what it warns about.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        started = time.perf_counter()
        mine = my_lock.acquire(timeout=patience)  # never block forever: it would, here
        waited = time.perf_counter() - started
        logs = handler.lock.acquire(timeout=patience)
        os.write(write_end, f"{mine} {waited:.2f} {logs}".encode())
        os._exit(0)

    os.close(write_end)
    with os.fdopen(read_end) as report:
        mine, waited, logs = report.read().split()
    os.waitpid(pid, 0)
    print(f"child  {pid}: my_lock.acquire(timeout={patience}) -> {mine} after {waited} s")
    print(f"child  {pid}: handler.lock.acquire(timeout={patience}) -> {logs}")

    done.set()
    holder.join()
    again = my_lock.acquire(timeout=patience)
    print(f"parent {os.getpid()}: once 'holder' let go, my_lock.acquire() -> {again}")
    if again:
        my_lock.release()
    return {
        "child_took_my_lock": mine == "True",
        "child_waited": float(waited),
        "child_took_the_handlers_lock": logs == "True",
        "parent_took_my_lock": again,
    }


if __name__ == "__main__":
    main()
