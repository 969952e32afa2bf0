"""``asyncio.shield``: the caller's wait is cancelled, the shielded task runs on to the end."""

import asyncio


async def save(seconds: float, events: list[str]) -> str:
    await asyncio.sleep(seconds)
    events.append("save: written to disk")
    return "saved"


async def request(limit: float, seconds: float) -> dict[str, object]:
    events: list[str] = []
    saving = asyncio.create_task(save(seconds, events))  # keep a reference to the task
    try:
        async with asyncio.timeout(limit):
            await asyncio.shield(saving)
    except TimeoutError:
        events.append(f"request: TimeoutError, saving.done() is {saving.done()}")
    result = await saving  # the work itself was never cancelled: wait for it elsewhere
    events.append(f"request: the shielded task returned {result!r}")
    return {"events": events, "cancelled": saving.cancelled(), "result": result}


def main(limit: float = 0.1, seconds: float = 0.5) -> dict[str, object]:
    outcome = asyncio.run(request(limit, seconds))
    for line in outcome["events"]:
        print(line)
    return outcome


if __name__ == "__main__":
    main()
