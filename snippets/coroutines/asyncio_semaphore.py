"""``asyncio.Semaphore`` caps how many tasks run a section at the same time."""

import asyncio


class Gauge:
    """Counts tasks inside the limited section and remembers the highest count."""

    def __init__(self) -> None:
        self.current = 0
        self.highest = 0


async def fetch(n: int, limit: asyncio.Semaphore, gauge: Gauge, seconds: float) -> int:
    async with limit:  # waits here while `limit` tasks are already inside
        gauge.current += 1
        gauge.highest = max(gauge.highest, gauge.current)
        print(f"fetch {n:>2} running, {gauge.current} inside")
        await asyncio.sleep(seconds)
        gauge.current -= 1
    return n


async def fetch_all(requests: int, limit: int, seconds: float) -> int:
    semaphore = asyncio.Semaphore(limit)
    gauge = Gauge()
    await asyncio.gather(*(fetch(n, semaphore, gauge, seconds) for n in range(requests)))
    return gauge.highest


def main(requests: int = 10, limit: int = 3, seconds: float = 0.2) -> int:
    highest = asyncio.run(fetch_all(requests, limit, seconds))
    print(f"{requests} requests, limit {limit}: at most {highest} ran at once")
    return highest


if __name__ == "__main__":
    main()
