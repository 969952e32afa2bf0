"""What ``asyncio.run`` does with tasks still pending when its coroutine ends: it cancels them."""

import asyncio


async def heartbeat(events: list[str], interval: float) -> None:
    try:
        while True:
            await asyncio.sleep(interval)
    except asyncio.CancelledError:
        events.append("heartbeat: CancelledError at its await")
        raise
    finally:
        events.append("heartbeat: finally ran")


async def serve(events: list[str], interval: float, fail_after: float) -> None:
    # A task nobody awaits, and a failure: what is left when serve() ends?
    beat = asyncio.create_task(heartbeat(events, interval), name="heartbeat")
    events.append(f"serve: started {beat.get_name()}, which nobody awaits")
    await asyncio.sleep(fail_after)
    events.append("serve: raising ValueError")
    raise ValueError("configuration missing")


def main(interval: float = 0.05, fail_after: float = 0.2) -> dict[str, object]:
    events: list[str] = []
    try:
        asyncio.run(serve(events, interval, fail_after))
    except ValueError as error:
        events.append(f"asyncio.run raised ValueError: {error}")
    for line in events:
        print(line)
    return {"events": events}


if __name__ == "__main__":
    main()
