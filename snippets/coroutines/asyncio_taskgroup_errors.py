"""Two tasks of a ``TaskGroup`` fail: one ``ExceptionGroup`` holds both, ``except*`` splits it."""

import asyncio


async def fail_with(error: Exception, go: asyncio.Event) -> None:
    await go.wait()  # both failing tasks wake up in the same turn of the event loop
    raise error


async def bystander(events: list[str]) -> None:
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        events.append("bystander: cancelled by the group")
        raise


async def run_group() -> dict[str, object]:
    events: list[str] = []
    go = asyncio.Event()
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(fail_with(ValueError("bad page"), go))
            group.create_task(fail_with(KeyError("no such user"), go))
            group.create_task(bystander(events))
            go.set()
    except* ValueError as values:
        events.append(f"except* ValueError got {values.exceptions!r}")
    except* KeyError as keys:
        events.append(f"except* KeyError got {keys.exceptions!r}")
    return {"events": events}


def main() -> dict[str, object]:
    result = asyncio.run(run_group())
    for line in result["events"]:
        print(line)
    return result


if __name__ == "__main__":
    main()
