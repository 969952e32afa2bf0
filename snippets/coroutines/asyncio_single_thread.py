"""All tasks run in one thread, and a task is only switched out at an ``await``."""

import asyncio
import threading

Log = list[tuple[str, int, int]]


async def polite(name: str, steps: int, log: Log) -> None:
    for step in range(1, steps + 1):
        log.append((name, step, threading.get_ident()))
        await asyncio.sleep(0)  # a suspension point: other tasks may run now


async def greedy(name: str, steps: int, log: Log) -> None:
    for step in range(1, steps + 1):
        # No await in this loop, so no other task can run between these steps.
        log.append((name, step, threading.get_ident()))


async def run_tasks(steps: int) -> Log:
    log: Log = []
    await asyncio.gather(polite("A", steps, log), greedy("G", steps, log), polite("B", steps, log))
    return log


def main(steps: int = 3) -> Log:
    log = asyncio.run(run_tasks(steps))
    for name, step, thread_id in log:
        print(f"task {name} step {step}  thread {thread_id}")
    print("order:", " ".join(f"{name}{step}" for name, step, _ in log))
    print("threads used:", len({thread_id for _, _, thread_id in log}))
    return log


if __name__ == "__main__":
    main()
