"""``uncancel()`` takes back one cancellation request: ``cancelling()`` goes down by one."""

import asyncio


async def swallow_once(seen: dict[str, object]) -> str:
    task = asyncio.current_task()
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        seen["cancelling before"] = task.cancelling()
        seen["uncancel returned"] = task.uncancel()  # suppressing it on purpose
        seen["cancelling after"] = task.cancelling()
    await asyncio.sleep(0)  # no second CancelledError: one was delivered for all the requests
    return "finished"


async def cancelled(times: int) -> dict[str, object]:
    seen: dict[str, object] = {}
    task = asyncio.create_task(swallow_once(seen))
    await asyncio.sleep(0)  # let the task reach its sleep
    for _ in range(times):
        task.cancel()
    seen["result"] = result = await task
    print(
        f"cancel() x{times}: cancelling() {seen['cancelling before']}, "
        f"uncancel() returned {seen['uncancel returned']}, "
        f"then cancelling() {seen['cancelling after']}; task {result}"
    )
    return seen


def main() -> dict[int, dict[str, object]]:
    return {times: asyncio.run(cancelled(times)) for times in (1, 2)}


if __name__ == "__main__":
    main()
