"""``asyncio.create_task`` schedules coroutines to run concurrently on the event loop."""

import asyncio
import time


async def brew(drink: str, seconds: float, events: list[str], t0: float) -> str:
    print(f"{time.perf_counter() - t0:5.2f}s start {drink}")
    events.append(f"start {drink}")
    await asyncio.sleep(seconds)
    print(f"{time.perf_counter() - t0:5.2f}s done  {drink}")
    events.append(f"done {drink}")
    return drink


async def breakfast(seconds: float, events: list[str], t0: float) -> list[str]:
    # Both tasks are scheduled now; they start as soon as this coroutine awaits.
    coffee_task = asyncio.create_task(brew("coffee", seconds, events, t0))
    tea_task = asyncio.create_task(brew("tea", seconds, events, t0))
    return [await coffee_task, await tea_task]


def main(seconds: float = 0.5) -> tuple[list[str], float]:
    events: list[str] = []
    t0 = time.perf_counter()
    drinks = asyncio.run(breakfast(seconds, events, t0))
    elapsed = time.perf_counter() - t0
    print(f"{drinks} after {elapsed:.2f}s")
    return events, elapsed


if __name__ == "__main__":
    main()
