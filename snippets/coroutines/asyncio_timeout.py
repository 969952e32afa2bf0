"""``asyncio.timeout`` cancels the work inside it and raises the built-in ``TimeoutError``."""

import asyncio
import time


async def slow_query(seconds: float, outcome: list[str]) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        outcome.append("cancelled")
        raise
    outcome.append("finished")
    return "rows"


async def query_with_deadline(limit: float, seconds: float) -> tuple[str, list[str], float]:
    outcome: list[str] = []
    t0 = time.perf_counter()
    try:
        async with asyncio.timeout(limit):
            result = await slow_query(seconds, outcome)
    except TimeoutError as error:  # asyncio.TimeoutError is the same class since 3.11
        result = type(error).__name__
    return result, outcome, time.perf_counter() - t0


def main(limit: float = 0.5, fast: float = 0.1, slow: float = 3.0) -> dict[str, tuple]:
    runs = {}
    for label, seconds in (("fast", fast), ("slow", slow)):
        result, outcome, elapsed = asyncio.run(query_with_deadline(limit, seconds))
        print(
            f"{label} query ({seconds}s, limit {limit}s): {result!r}, "
            f"inner coroutine {outcome[0]}, after {elapsed:.2f}s"
        )
        runs[label] = (result, outcome, elapsed)
    print("asyncio.TimeoutError is TimeoutError:", asyncio.TimeoutError is TimeoutError)
    return runs


if __name__ == "__main__":
    main()
