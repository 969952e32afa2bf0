"""CPU-bound code blocks the event loop; a process pool runs it while the loop keeps going."""

import asyncio
import concurrent.futures
import multiprocessing as mp
import os
import time


def crunch(seconds: float) -> tuple[int, int]:
    """Pure-Python busy work until its thread has used `seconds` of CPU time (on a busy machine
    that takes longer); returns (loop iterations, pid that did the work)."""
    deadline = time.thread_time() + seconds
    iterations = 0
    while time.thread_time() < deadline:
        iterations += 1
    return iterations, os.getpid()


async def heartbeat(ticks: list[float], interval: float) -> None:
    while True:
        ticks.append(time.perf_counter())
        await asyncio.sleep(interval)


async def measure(how: str, seconds: float, interval: float, start_method: str | None):
    ticks: list[float] = []
    beating = asyncio.create_task(heartbeat(ticks, interval))
    await asyncio.sleep(0)  # let the heartbeat start
    before = len(ticks)
    if how == "in the loop":
        _, pid = crunch(seconds)  # runs on the loop's own thread: nothing else can run
    elif how == "to_thread":
        _, pid = await asyncio.to_thread(crunch, seconds)  # another thread, same process and GIL
    else:
        context = mp.get_context(start_method)
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context)
        try:
            loop = asyncio.get_running_loop()
            _, pid = await loop.run_in_executor(pool, crunch, seconds)
        finally:  # shutdown() waits for the worker to exit: not on the event loop's thread
            await asyncio.to_thread(pool.shutdown)
    during = len(ticks) - before
    beating.cancel()
    await asyncio.gather(beating, return_exceptions=True)
    return during, pid


def main(
    seconds: float = 0.25, interval: float = 0.05, start_method: str | None = None
) -> dict[str, tuple[int, int]]:
    method = mp.get_context(start_method).get_start_method()
    print(f"event loop in pid {os.getpid()}, start method {method}")
    results = {}
    for how in ("in the loop", "to_thread", "process pool"):
        during, pid = asyncio.run(measure(how, seconds, interval, start_method))
        print(f"{how:<13} ran in pid {pid}, heartbeat ticks during {seconds}s CPU: {during}")
        results[how] = (during, pid)
    return results


if __name__ == "__main__":
    main()
