"""Blocking calls freeze the event loop; ``asyncio.to_thread`` moves them to a worker thread."""

import asyncio
import itertools
import time


async def heartbeat(ticks: list[float], interval: float) -> None:
    while True:
        ticks.append(time.perf_counter())
        await asyncio.sleep(interval)


async def read_sensor_blocking(seconds: float) -> str:
    time.sleep(seconds)  # a blocking library call inside a coroutine: the loop stops
    return "blocking"


async def read_sensor_in_thread(seconds: float) -> str:
    await asyncio.to_thread(time.sleep, seconds)  # the loop keeps running meanwhile
    return "to_thread"


async def measure(read_sensor, seconds: float, interval: float) -> tuple[int, float]:
    """Count heartbeat ticks during one call, and the longest gap between two ticks."""
    ticks: list[float] = []
    beating = asyncio.create_task(heartbeat(ticks, interval))
    await asyncio.sleep(0)  # let the heartbeat start
    before = len(ticks)
    await read_sensor(seconds)
    during = len(ticks) - before
    points = [*ticks, time.perf_counter()]  # the silence may still be going on: count it too
    beating.cancel()
    await asyncio.gather(beating, return_exceptions=True)
    longest_gap = max(later - earlier for earlier, later in itertools.pairwise(points))
    return during, longest_gap


def main(seconds: float = 0.5, interval: float = 0.05) -> dict[str, tuple[int, float]]:
    results = {}
    for read_sensor in (read_sensor_blocking, read_sensor_in_thread):
        during, longest_gap = asyncio.run(measure(read_sensor, seconds, interval))
        print(
            f"{read_sensor.__name__:<22} heartbeat ticks during the {seconds}s call: {during:>2}, "
            f"longest silence {longest_gap:.2f}s"
        )
        results[read_sensor.__name__] = (during, longest_gap)
    return results


if __name__ == "__main__":
    main()
