"""A ``TaskGroup`` cancelled from outside cancels all its tasks, then passes the cancellation on."""

import asyncio


async def worker(name: str, events: list[str]) -> None:
    try:
        await asyncio.sleep(60)
    finally:
        events.append(f"{name}: finally ran")


async def run_group(limit: float) -> list[str]:
    events: list[str] = []
    try:
        async with asyncio.timeout(limit):  # the deadline cancels the task running the group
            async with asyncio.TaskGroup() as group:
                for name in ("worker-1", "worker-2"):
                    group.create_task(worker(name, events))
    except TimeoutError as error:  # a plain TimeoutError, not an ExceptionGroup
        events.append(f"outside: {type(error).__name__}, all tasks ended first")
    return events


def main(limit: float = 0.1) -> list[str]:
    events = asyncio.run(run_group(limit))
    for line in events:
        print(line)
    return events


if __name__ == "__main__":
    main()
