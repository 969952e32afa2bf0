"""A daemonic child is terminated when its parent exits: its `finally` never runs."""

import multiprocessing as mp
import os
import time
from multiprocessing.queues import SimpleQueue  # the type (mp.SimpleQueue is a method)


def child(work: float, events: SimpleQueue, started) -> None:
    try:
        events.put(f"child {os.getpid()}: started, daemon={mp.current_process().daemon}")
        started.set()
        time.sleep(work)
        events.put(f"child {os.getpid()}: finished its work")
    finally:
        events.put(f"child {os.getpid()}: finally ran")


def parent(daemon: bool, life: float, work: float, events: SimpleQueue) -> None:
    ctx = mp.get_context()  # a child process uses the start method it was started with
    started = ctx.Event()
    worker = ctx.Process(target=child, args=(work, events, started), daemon=daemon)
    worker.start()
    started.wait(timeout=30)
    time.sleep(life)
    events.put(f"parent {os.getpid()}: returns without join()")
    # On its way out, multiprocessing terminates daemonic children and joins the others.


def run(daemon: bool, life: float, work: float, start_method: str | None) -> list[str]:
    ctx = mp.get_context(start_method)
    events = ctx.SimpleQueue()
    middle = ctx.Process(target=parent, args=(daemon, life, work, events))
    started = time.perf_counter()
    middle.start()
    middle.join()
    elapsed = time.perf_counter() - started
    lines = []
    while not events.empty():
        lines.append(events.get())
    events.close()
    print(f"daemon={daemon}: the parent process ended after {elapsed:.2f} s")
    for line in lines:
        print(f"    {line}")
    return lines


def main(life: float = 1.0, work: float = 2.0, start_method: str | None = None) -> dict:
    print(f"each child works {work} s; its parent returns {life} s after the child has started")
    return {daemon: run(daemon, life, work, start_method) for daemon in (True, False)}


if __name__ == "__main__":
    main()
