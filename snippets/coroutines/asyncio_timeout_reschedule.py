"""``Timeout.reschedule()`` moves a deadline: an idle timeout that each received chunk extends."""

import asyncio


async def stream(
    chunks: int, gap: float, stall: float | None
) -> tuple[asyncio.Queue, asyncio.Task]:
    """A sender: `chunks` chunks `gap` seconds apart, then (if `stall`) silence."""
    queue: asyncio.Queue = asyncio.Queue()

    async def send() -> None:
        for n in range(chunks):
            await asyncio.sleep(gap)
            queue.put_nowait(f"chunk {n}")
        if stall is not None:
            await asyncio.sleep(stall)
        queue.put_nowait(None)  # end of the stream

    return queue, asyncio.create_task(send())


async def receive(chunks: int, gap: float, idle: float, stall: float | None) -> dict:
    queue, sender = await stream(chunks, gap, stall)
    loop = asyncio.get_running_loop()
    received: list[str] = []
    outcome = "complete"
    try:
        async with asyncio.timeout(idle) as deadline:
            while (chunk := await queue.get()) is not None:
                received.append(chunk)
                deadline.reschedule(loop.time() + idle)  # idle again from now
    except TimeoutError:
        outcome = f"TimeoutError: nothing for {idle}s"
    sender.cancel()
    await asyncio.gather(sender, return_exceptions=True)
    return {"received": len(received), "outcome": outcome, "expired": deadline.expired()}


def main(
    chunks: int = 5, gap: float = 0.1, idle: float = 0.3, stall: float = 60.0
) -> dict[str, dict]:
    results = {}
    for label, pause in (("steady sender", None), ("sender stalls", stall)):
        result = asyncio.run(receive(chunks, gap, idle, pause))
        results[label] = result
        print(
            f"{label}: {result['received']} of {chunks} chunks {gap}s apart "
            f"under an idle limit of {idle}s, {result['outcome']}"
        )
    return results


if __name__ == "__main__":
    main()
