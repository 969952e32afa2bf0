"""How a wait on Pool.map ends when a task raises, and when the tasks outlast a timeout."""

import functools
import multiprocessing as mp
import time
from multiprocessing.queues import SimpleQueue

ran: SimpleQueue  # each worker's handle on the parent's queue, set by remember()


def remember(queue: SimpleQueue) -> None:
    global ran
    ran = queue


def check(n: int) -> int:
    try:
        if n == 3:
            raise ValueError(f"{n} is not allowed")
        return n * n
    finally:
        ran.put(n)  # as the task ends, whether it returned or raised


def slow_square(n: int, delay: float) -> int:
    time.sleep(delay)  # far longer than the caller's patience
    return n * n


def main(delay: float = 1.0, patience: float = 0.2, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    inputs = list(range(6))
    queue = ctx.SimpleQueue()
    with ctx.Pool(processes=2, initializer=remember, initargs=(queue,)) as pool:
        try:
            pool.map(check, inputs, chunksize=1)
            raised = "nothing"
        except ValueError as error:  # the task's own exception, raised again here
            raised = f"{type(error).__name__}: {error}"
        finished = []
        while not queue.empty():  # no waiting: only the tasks that had ended before map() raised
            finished.append(queue.get())
        finished.sort()
        print(f"map(check, {inputs}, chunksize=1) raised {raised}")
        print(f"tasks that had finished by then: {finished}")

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
    return {"raised": raised, "finished": finished, "outcome": outcome, "results": slow.get()}


if __name__ == "__main__":
    main()
