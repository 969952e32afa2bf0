"""A writer killed before it puts: get(timeout=...) raises queue.Empty, and exitcode says why."""

import multiprocessing as mp
import os
import queue
import signal
from multiprocessing.queues import Queue

DONE = None  # the sentinel


def write(items: Queue) -> None:
    try:
        os.kill(os.getpid(), signal.SIGKILL)  # killed before its first put(), as by the OOM killer
        items.put("data")
    finally:
        items.put(DONE)  # never runs: nothing runs in a process killed by SIGKILL


def main(patience: float = 0.5, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    items = ctx.Queue()
    writer = ctx.Process(target=write, args=(items,))
    writer.start()
    received = []
    while True:
        was_alive = writer.is_alive()  # asked first: what a writer dead by now sent is in the pipe
        try:
            item = items.get(timeout=patience)
        except queue.Empty:
            if was_alive:
                continue  # only slow (or just ended): wait again
            stopped = f"get(timeout={patience}) raised queue.Empty and the writer was dead"
            break  # no sentinel will ever come
        if item is DONE:
            stopped = "get() returned the sentinel"
            break
        received.append(item)
    print(f"received {received}; stopped when {stopped}")
    writer.join()
    print(f"the writer: is_alive() -> {writer.is_alive()}, exitcode {writer.exitcode}")
    return {"received": received, "stopped": stopped, "exitcode": writer.exitcode}


if __name__ == "__main__":
    main()
