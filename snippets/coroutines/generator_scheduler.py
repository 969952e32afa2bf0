"""Two generator tasks share one thread; a tiny scheduler decides who runs next."""

import threading
from collections import deque
from collections.abc import Generator


def task(name: str, steps: int, log: list[tuple[str, int, int]]) -> Generator[None, None, None]:
    for step in range(1, steps + 1):
        log.append((name, step, threading.get_ident()))
        print(f"{name} step {step} on thread {threading.get_ident()}")
        yield  # hand control back to the scheduler


def main(steps: int = 3) -> list[tuple[str, int, int]]:
    log: list[tuple[str, int, int]] = []
    ready = deque([task("A", steps, log), task("B", steps, log)])
    while ready:
        current = ready.popleft()
        try:
            next(current)  # resume the task until its next yield
        except StopIteration:
            continue  # finished: do not reschedule
        ready.append(current)
    print("order:", " ".join(f"{name}{step}" for name, step, _ in log))
    return log


if __name__ == "__main__":
    main()
