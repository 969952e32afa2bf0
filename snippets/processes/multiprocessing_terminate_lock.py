"""terminate() does not let a process clean up: a lock it holds stays locked for everyone."""

import multiprocessing as mp
import os
import time


def hold_lock(lock, holding) -> None:
    with lock:  # `with` releases the lock on return or exception, not on SIGTERM
        holding.set()
        time.sleep(30)


def main(patience: float = 1.0, start_method: str | None = None) -> bool:
    ctx = mp.get_context(start_method)
    lock, holding = ctx.Lock(), ctx.Event()
    worker = ctx.Process(target=hold_lock, args=(lock, holding))
    worker.start()
    holding.wait(timeout=30)
    worker.terminate()
    worker.join()
    print(f"worker {worker.pid} terminated while holding the lock, exitcode {worker.exitcode}")

    acquired = lock.acquire(timeout=patience)  # never block forever on a lock
    print(f"parent {os.getpid()}: lock.acquire(timeout={patience}) -> {acquired}")
    if acquired:
        lock.release()
    return acquired


if __name__ == "__main__":
    main()
