"""A coroutine that swallows ``CancelledError`` breaks ``asyncio.timeout`` around it."""

import asyncio
import time


async def stubborn(seconds: float, seen: dict[str, object]) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        # The bug: the cancellation is caught and dropped, the coroutine "succeeds".
        seen["cancelling"] = asyncio.current_task().cancelling()  # 3.11+
        return "pretended to finish"
    return "finished"


async def polite(seconds: float, seen: dict[str, object]) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        seen["cancelling"] = asyncio.current_task().cancelling()
        raise  # correct: clean up if needed, then re-raise
    return "finished"


async def under_deadline(worker, limit: float, seconds: float) -> dict[str, object]:
    seen: dict[str, object] = {}
    t0 = time.perf_counter()
    try:
        async with asyncio.timeout(limit):
            seen["result"] = await worker(seconds, seen)
        seen["after the block"] = "went on as if in time"
    except TimeoutError:
        seen["after the block"] = "TimeoutError"
    seen["elapsed"] = time.perf_counter() - t0
    return seen


def main(limit: float = 0.2, seconds: float = 60.0) -> dict[str, dict[str, object]]:
    results = {}
    for worker in (polite, stubborn):
        seen = asyncio.run(under_deadline(worker, limit, seconds))
        results[worker.__name__] = seen
        print(
            f"{worker.__name__:<8} cancelling()={seen['cancelling']} inside, "
            f"result {seen.get('result', '-')!r}, after the block: {seen['after the block']}"
        )
    return results


if __name__ == "__main__":
    main()
