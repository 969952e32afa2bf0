"""Cancelling the await of ``to_thread`` or ``run_in_executor`` ends the wait, not the thread."""

import asyncio
import concurrent.futures
import time


def blocking_read(name: str, seconds: float, t0: float, log: list[str]) -> str:
    time.sleep(seconds)  # a blocking call: nothing can interrupt it from outside
    log.append(f"{time.perf_counter() - t0:5.2f}s {name}: the call ended in its thread")
    return "data"


async def give_up(
    pool: concurrent.futures.Executor, limit: float, seconds: float, t0: float, log: list[str]
) -> None:
    try:
        async with asyncio.timeout(limit):
            await asyncio.to_thread(blocking_read, "to_thread", seconds, t0, log)
    except TimeoutError:
        log.append(f"{time.perf_counter() - t0:5.2f}s to_thread: TimeoutError, the await gave up")

    loop = asyncio.get_running_loop()
    waiting = loop.run_in_executor(pool, blocking_read, "run_in_executor", seconds, t0, log)
    await asyncio.sleep(limit)
    waiting.cancel()
    try:
        await waiting
    except asyncio.CancelledError:
        log.append(
            f"{time.perf_counter() - t0:5.2f}s run_in_executor: cancelled, the await gave up"
        )
    ended = sum("ended in its thread" in line for line in log)
    log.append(f"{time.perf_counter() - t0:5.2f}s calls ended so far: {ended}")


def main(limit: float = 0.2, seconds: float = 1.0) -> list[str]:
    log: list[str] = []
    t0 = time.perf_counter()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
    try:
        asyncio.run(give_up(pool, limit, seconds, t0, log))
        # asyncio.run() shuts the loop's default executor down: it waits for its threads.
        log.append(f"{time.perf_counter() - t0:5.2f}s asyncio.run() returned")
    finally:
        pool.shutdown(wait=True)  # our own pool: waiting for its thread is our job
        log.append(f"{time.perf_counter() - t0:5.2f}s pool.shutdown() returned")
    for line in log:
        print(line)
    return log


if __name__ == "__main__":
    main()
