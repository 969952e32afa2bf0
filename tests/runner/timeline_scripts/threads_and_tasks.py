"""Threads started together, then asyncio tasks of which one fails and the others are cancelled."""

import asyncio
import threading


def meet(barrier: threading.Barrier) -> None:
    barrier.wait(timeout=30)  # all three are alive at once, whatever the load


async def sibling() -> None:
    await asyncio.sleep(30)


async def failing(started: asyncio.Event) -> None:
    await started.wait()
    raise ValueError("failing")


async def group() -> None:
    started = asyncio.Event()
    try:
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(sibling(), name="sibling-1")
            tasks.create_task(sibling(), name="sibling-2")
            tasks.create_task(failing(started), name="failing")
            await asyncio.sleep(0)
            started.set()
    except* ValueError:
        pass


def main() -> None:
    barrier = threading.Barrier(3)
    threads = [threading.Thread(target=meet, args=(barrier,), name=f"meet-{i}") for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    asyncio.run(group())


if __name__ == "__main__":
    main()
