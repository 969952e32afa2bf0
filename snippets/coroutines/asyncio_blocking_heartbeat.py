"""time.sleep in a coroutine stalls every task; await asyncio.sleep lets the others run."""

import asyncio
import time


async def heartbeat(timeline: list[str], interval: float) -> None:
    while True:
        timeline.append("♥")
        await asyncio.sleep(interval)


async def work(timeline: list[str], steps: int, seconds: float, blocking: bool) -> None:
    for step in range(steps):
        timeline.append(str(step))
        if blocking:
            time.sleep(seconds)  # blocks the thread, and with it the event loop
        else:
            await asyncio.sleep(seconds)  # suspends this task only


async def app(steps: int, seconds: float, interval: float, blocking: bool) -> list[str]:
    timeline: list[str] = []
    beating = asyncio.create_task(heartbeat(timeline, interval))
    await asyncio.sleep(seconds)  # the heartbeat beats meanwhile
    await work(timeline, steps, seconds, blocking)
    await asyncio.sleep(seconds)  # and afterwards
    beating.cancel()
    await asyncio.gather(beating, return_exceptions=True)
    return timeline


def main(steps: int = 3, seconds: float = 0.2, interval: float = 0.05) -> dict[str, list[str]]:
    results = {}
    for blocking, label in ((True, "time.sleep"), (False, "await asyncio.sleep")):
        timeline = asyncio.run(app(steps, seconds, interval, blocking))
        print(f"{label:<20} {' '.join(timeline)}")
        results[label] = timeline
    return results


if __name__ == "__main__":
    main()
