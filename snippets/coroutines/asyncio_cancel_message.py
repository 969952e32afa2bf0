"""``Task.cancel(msg)``: the reason travels with the ``CancelledError``, to task and awaiter."""

import asyncio


async def upload(events: list[str]) -> None:
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError as error:
        events.append(f"upload: {error!r} at its await")
        raise


async def cancel_with_a_reason(reason: str, after: float) -> list[str]:
    events: list[str] = []
    task = asyncio.create_task(upload(events))
    await asyncio.sleep(after)
    task.cancel(reason)
    try:
        await task
    except asyncio.CancelledError as error:
        events.append(f"main: awaiting the task raised {error!r}")
    return events


def main(reason: str = "the user pressed Stop", after: float = 0.1) -> list[str]:
    events = asyncio.run(cancel_with_a_reason(reason, after))
    for line in events:
        print(line)
    return events


if __name__ == "__main__":
    main()
