"""Ctrl+C reaches every process of a pool: workers ignore SIGINT, and the parent decides."""

import multiprocessing as mp
import os
import signal
import time

started = None  # where a worker reports its pid, set by init()


def init(queue, ignore_sigint: bool) -> None:
    global started
    started = queue
    if ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the usual fix: only the parent reacts


def nap(seconds: float) -> str:
    try:
        started.put(os.getpid())
        # Short sleeps: if the kernel hands the signal to another thread of the process, the
        # main thread still runs the handler (raises KeyboardInterrupt) within a tick.
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.05)
        return "finished its task"
    except KeyboardInterrupt:
        return "KeyboardInterrupt in its task"


def get(queue, timeout: float) -> int:
    """`queue.get()` with a time limit (a SimpleQueue's get() has none)."""
    deadline = time.monotonic() + timeout
    while queue.empty():
        if time.monotonic() > deadline:
            raise TimeoutError("a worker never started its task")
        time.sleep(0.005)
    return queue.get()


def ctrl_c(ignore_sigint: bool, workers: int, seconds: float, start_method: str | None) -> dict:
    ctx = mp.get_context(start_method)
    # A SimpleQueue starts no feeder thread in the worker: the signal must find its main
    # thread alone, or the kernel may hand it to the other thread while main sleeps on.
    queue = ctx.SimpleQueue()
    with ctx.Pool(workers, initializer=init, initargs=(queue, ignore_sigint)) as pool:
        results = pool.map_async(nap, [seconds] * workers, chunksize=1)
        pids = [get(queue, timeout=30) for _ in range(workers)]  # every task has started
        # A terminal sends SIGINT to the whole foreground process group: the parent and
        # every worker. The same signal, sent here to those processes one by one:
        try:
            for pid in pids:
                os.kill(pid, signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(30)  # not reached: the KeyboardInterrupt comes first
            parent = "no KeyboardInterrupt"
        except KeyboardInterrupt:
            parent = "KeyboardInterrupt"
        # The parent decides what Ctrl+C means. Here: let the running tasks end, then stop.
        pool.close()
        outcomes = results.get(timeout=30)
        pool.join()
    queue.close()
    return {"parent": parent, "workers": outcomes}


def main(seconds: float = 0.5, workers: int = 2, start_method: str | None = None) -> dict:
    print(f"start method: {start_method or mp.get_start_method()}")
    runs = {}
    for ignore in (False, True):
        label = "workers ignore SIGINT" if ignore else "default handlers"
        run = ctrl_c(ignore, workers, seconds, start_method)
        runs[label] = run
        print(f"{label}: parent got {run['parent']}")
        for outcome in run["workers"]:
            print(f"  a worker: {outcome}")
    return runs


if __name__ == "__main__":
    main()
