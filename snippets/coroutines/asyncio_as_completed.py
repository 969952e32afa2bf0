"""``asyncio.as_completed`` (``async for`` since 3.13) yields the tasks in the order they end."""

import asyncio
import time


async def download(seconds: float) -> int:
    await asyncio.sleep(seconds)
    return int(seconds * 1000)


async def run(sizes: dict[str, float], limit: float) -> dict[str, list[str]]:
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(download(s), name=name) for name, s in sizes.items()]
    finished: list[str] = []
    try:
        async for task in asyncio.as_completed(tasks, timeout=limit):
            print(
                f"{time.perf_counter() - t0:5.2f}s {task.get_name()}: {await task} ms, "
                f"one of the tasks passed in: {task in tasks}"
            )
            finished.append(task.get_name())
    except TimeoutError:
        left = [task for task in tasks if not task.done()]
        print(
            f"{time.perf_counter() - t0:5.2f}s TimeoutError; still running: "
            f"{[task.get_name() for task in left]}"
        )
        for task in left:  # as_completed() left them running: ending them is up to us
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)
    cancelled = [task.get_name() for task in tasks if task.cancelled()]
    print(f"cancelled afterwards: {cancelled}")
    return {"finished": finished, "cancelled": cancelled}


def main(sizes: dict[str, float] | None = None, limit: float = 0.6) -> dict[str, list[str]]:
    sizes = sizes or {"big.iso": 10.0, "medium.zip": 0.3, "small.txt": 0.1}
    return asyncio.run(run(sizes, limit))


if __name__ == "__main__":
    main()
