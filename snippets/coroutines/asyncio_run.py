"""``asyncio.run`` drives a coroutine; coroutines awaited one after another run in sequence."""

import asyncio
import inspect
import time


async def brew(drink: str, seconds: float, events: list[str], t0: float) -> str:
    print(f"{time.perf_counter() - t0:5.2f}s start {drink}")
    events.append(f"start {drink}")
    await asyncio.sleep(seconds)  # waiting, not computing: the loop is free meanwhile
    print(f"{time.perf_counter() - t0:5.2f}s done  {drink}")
    events.append(f"done {drink}")
    return drink


async def breakfast(seconds: float, events: list[str], t0: float) -> list[str]:
    # Each await waits for its coroutine to finish before the next line runs.
    coffee = await brew("coffee", seconds, events, t0)
    tea = await brew("tea", seconds, events, t0)
    return [coffee, tea]


def main(seconds: float = 0.5) -> tuple[bool, list[str], float]:
    events: list[str] = []
    t0 = time.perf_counter()
    coroutine = breakfast(seconds, events, t0)
    is_coroutine = inspect.iscoroutine(coroutine)
    print(f"breakfast(...) returned a {type(coroutine).__name__} object; events so far: {events}")
    drinks = asyncio.run(coroutine)
    elapsed = time.perf_counter() - t0
    print(f"{drinks} after {elapsed:.2f}s")
    return is_coroutine, events, elapsed


if __name__ == "__main__":
    main()
