"""multiprocessing.Process: a target function, a name, and arguments by position or keyword."""

import multiprocessing as mp
import os
import time
from multiprocessing.queues import SimpleQueue  # the type (mp.SimpleQueue is a method)


def report(activity: str, step: int, count: int, events: SimpleQueue) -> None:
    me = mp.current_process()
    print(f"{me.name} (pid {os.getpid()}, parent {os.getppid()}): {activity} {step}/{count}")
    events.put((me.name, os.getpid(), os.getppid(), mp.parent_process().pid, time.perf_counter()))


def sing(count: int, delay: float, events: SimpleQueue) -> None:
    for step in range(1, count + 1):
        report("singing", step, count, events)
        time.sleep(delay)


def draw(count: int, delay: float, events: SimpleQueue) -> None:
    for step in range(1, count + 1):
        report("drawing", step, count, events)
        time.sleep(delay)


def main(count: int = 3, delay: float = 0.5, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    events = ctx.SimpleQueue()  # carries each step back to the parent (see the IPC page)
    print(f"parent pid {os.getpid()}, start method {ctx.get_start_method()}")
    singer = ctx.Process(target=sing, name="singer", args=(count, delay, events))
    painter = ctx.Process(
        target=draw, name="painter", kwargs={"count": count, "delay": delay, "events": events}
    )

    started = time.perf_counter()
    singer.start()
    painter.start()
    print(f"started {singer.name} (pid {singer.pid}) and {painter.name} (pid {painter.pid})")
    singer.join()
    painter.join()
    elapsed = time.perf_counter() - started

    steps = []
    while not events.empty():
        steps.append(events.get())
    events.close()
    # From the first step's start to the last step's end (each step lasts `delay`), on the
    # clock every process shares (perf_counter is CLOCK_MONOTONIC on Linux).
    span = max(step[-1] for step in steps) + delay - min(step[-1] for step in steps)
    print(f"both joined {elapsed:.2f} s after start()")
    print(f"their steps took {span:.2f} s together; one after the other: {2 * count * delay:.2f} s")
    return {
        "parent_pid": os.getpid(),
        "children": {singer.name: singer.pid, painter.name: painter.pid},
        "exitcodes": [singer.exitcode, painter.exitcode],
        "steps": steps,
        "elapsed": elapsed,
        "span": span,
    }


if __name__ == "__main__":
    main()
