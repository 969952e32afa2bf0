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
        try:
            item = items.get(timeout=patience)
        except queue.Empty:
            if writer.is_alive():
                continue  # only slow: wait again
            break  # dead, and no sentinel will ever come
        if item is DONE:
            break
        received.append(item)
    print(f"received {received}; the last get(timeout={patience}) raised queue.Empty")
    writer.join()
    print(f"the writer: is_alive() -> {writer.is_alive()}, exitcode {writer.exitcode}")
    return {"received": received, "exitcode": writer.exitcode}


if __name__ == "__main__":
    main()
