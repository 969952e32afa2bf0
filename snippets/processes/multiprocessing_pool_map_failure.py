"""How a wait on Pool.map ends when a task raises, and when the tasks outlast a timeout."""

import functools
import multiprocessing as mp
import time
from multiprocessing.queues import SimpleQueue

reports: SimpleQueue  # in each worker, the parent's queue: set by report_to()


def report_to(queue: SimpleQueue) -> None:
    global reports
    reports = queue


def check(n: int) -> int:
    try:
        if n == 3:
            raise ValueError(f"{n} is not allowed")
        if n == 5:
            time.sleep(0.2)  # the last task ends well after 3 has raised
        return n * n
    finally:
        reports.put(n)  # as the task ends, whether it returned or raised


def slow_square(n: int, delay: float) -> int:
    time.sleep(delay)  # far longer than the caller's patience
    return n * n


def drain(queue: SimpleQueue) -> list[int]:
    """What is on the queue now, without waiting: the tasks that had ended before map raised."""
    items = []
    while not queue.empty():
        items.append(queue.get())
    return sorted(items)


def main(delay: float = 1.0, patience: float = 0.2, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    queue = ctx.SimpleQueue()
    raised, ended = {}, {}
    with ctx.Pool(processes=2, initializer=report_to, initargs=(queue,)) as pool:
        for chunksize in (1, 3):  # tasks go to the workers one by one, then three at a time
            try:
                pool.map(check, range(6), chunksize=chunksize)
                raised[chunksize] = "nothing"
            except ValueError as error:  # the task's own exception, raised again here
                raised[chunksize] = f"{type(error).__name__}: {error}"
            ended[chunksize] = drain(queue)
            print(f"map(check, range(6), chunksize={chunksize}) raised {raised[chunksize]}")
            print(f"    tasks that had ended: {ended[chunksize]}")

        slow = pool.map_async(functools.partial(slow_square, delay=delay), range(2))
        try:
            slow.get(timeout=patience)
            outcome = "the results"
        except mp.TimeoutError:
            outcome = "TimeoutError"
        print(f"map_async(...).get(timeout={patience}) raised {outcome}; ready() -> {slow.ready()}")
        slow.wait()  # the timeout ended the wait, not the tasks: they ran on in the pool
        print(f"after wait(): ready() -> {slow.ready()}, get() -> {slow.get()}")
    # leaving the with block terminates the workers, and any task still running with them
    return {"raised": raised, "ended": ended, "outcome": outcome, "results": slow.get()}


if __name__ == "__main__":
    main()
