"""``asyncio.Semaphore`` caps how many tasks run a section at once, and is freed however it ends."""

import asyncio


class Gauge:
    """Counts tasks inside the limited section and remembers the highest count."""

    def __init__(self) -> None:
        self.current = 0
        self.highest = 0


async def fetch(
    n: int, limit: asyncio.Semaphore, gauge: Gauge, seconds: float, failing: tuple[int, ...]
) -> int:
    async with limit:  # waits here while `limit` tasks are already inside
        gauge.current += 1
        gauge.highest = max(gauge.highest, gauge.current)
        print(f"fetch {n:>2} running, {gauge.current} inside")
        try:
            await asyncio.sleep(seconds)
            if n in failing:
                raise ConnectionError(f"fetch {n}: connection reset")
        finally:
            gauge.current -= 1
    return n  # leaving the block, by return or by exception, releases the semaphore


async def fetch_all(
    requests: int, limit: int, seconds: float, failing: tuple[int, ...]
) -> tuple[int, list, bool]:
    semaphore = asyncio.Semaphore(limit)
    gauge = Gauge()
    outcomes = await asyncio.gather(
        *(fetch(n, semaphore, gauge, seconds, failing) for n in range(requests)),
        return_exceptions=True,
    )
    return gauge.highest, outcomes, semaphore.locked()


def main(
    requests: int = 10, limit: int = 3, seconds: float = 0.2, failing: tuple[int, ...] = (4,)
) -> int:
    highest, outcomes, locked = asyncio.run(fetch_all(requests, limit, seconds, failing))
    failed = [repr(outcome) for outcome in outcomes if isinstance(outcome, Exception)]
    print(f"{requests} requests, limit {limit}: at most {highest} ran at once")
    print(f"failed: {', '.join(failed) or 'none'}; the semaphore is free again: {not locked}")
    return highest


if __name__ == "__main__":
    main()
