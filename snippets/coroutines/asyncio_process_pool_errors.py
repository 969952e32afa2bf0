"""An awaited process-pool call: its exception comes back at the await; a timeout ends the wait."""

import asyncio
import concurrent.futures
import multiprocessing as mp
import os
import time


def crunch(seconds: float) -> int:
    """Busy work until this process has used `seconds` more of CPU time."""
    if seconds < 0:
        raise ValueError(f"cannot crunch for {seconds} s")
    deadline = time.process_time() + seconds
    iterations = 0
    while time.process_time() < deadline:
        iterations += 1
    return iterations


def cpu_used() -> tuple[int, float]:
    return os.getpid(), time.process_time()


async def main_async(seconds: float, timeout: float, start_method: str | None) -> dict:
    loop = asyncio.get_running_loop()
    context = mp.get_context(start_method)
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context)
    outcome: dict = {}
    try:
        try:
            await loop.run_in_executor(pool, crunch, -1.0)
        except ValueError as error:  # raised in the worker, re-raised here
            outcome["raised"] = error
            print(f"crunch(-1.0) raised at the await: {error!r}")
        pid, cpu_before = await loop.run_in_executor(pool, cpu_used)
        try:
            async with asyncio.timeout(timeout):
                await loop.run_in_executor(pool, crunch, seconds)
        except TimeoutError:
            outcome["timed out"] = True
            print(f"crunch({seconds}) under asyncio.timeout({timeout}): TimeoutError")
        # The only worker is still busy with the crunch nobody awaits: this call waits for it.
        pid_after, cpu_after = await loop.run_in_executor(pool, cpu_used)
        outcome["same worker"] = pid_after == pid
        outcome["cpu used"] = cpu_after - cpu_before
        print(
            f"the next call found the same worker: {outcome['same worker']}; it had used "
            f"{outcome['cpu used']:.2f} s more CPU time"
        )
    finally:  # shutdown() waits for the worker to exit: not on the event loop's thread
        await asyncio.to_thread(pool.shutdown)
    return outcome


def main(seconds: float = 1.0, timeout: float = 0.3, start_method: str | None = None) -> dict:
    return asyncio.run(main_async(seconds, timeout, start_method))


if __name__ == "__main__":
    main()
