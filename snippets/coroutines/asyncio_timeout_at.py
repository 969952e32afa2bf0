"""``asyncio.timeout_at``: one absolute deadline shared by several steps, each left what remains."""

import asyncio
import time


async def step(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    return name


async def handle_request(budget: float, steps: dict[str, float]) -> list[str]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget  # on the event loop's clock, as timeout_at() expects
    t0 = time.perf_counter()
    events: list[str] = []
    for name, seconds in steps.items():
        try:
            async with asyncio.timeout_at(deadline) as limit:
                left = limit.when() - loop.time()
                await step(name, seconds)
            events.append(f"{time.perf_counter() - t0:5.2f}s {name}: done, with {left:.2f}s left")
        except TimeoutError:
            events.append(
                f"{time.perf_counter() - t0:5.2f}s {name}: TimeoutError, "
                f"the request's {budget}s were used up"
            )
            break
    return events


def main(budget: float = 0.5, steps: dict[str, float] | None = None) -> list[str]:
    steps = steps or {"authenticate": 0.1, "query": 0.2, "render": 0.4}
    events = asyncio.run(handle_request(budget, steps))
    for line in events:
        print(line)
    return events


if __name__ == "__main__":
    main()
