"""Worker tasks drain an ``asyncio.Queue``, survive a failing job, and are stopped at the end."""

import asyncio
import time


async def handle(job: int, seconds: float, failing: tuple[int, ...]) -> None:
    await asyncio.sleep(seconds)  # stands in for a network call
    if job in failing:
        raise ValueError(f"job {job} is malformed")


async def worker(
    name: str, queue: asyncio.Queue, seconds: float, failing: tuple[int, ...], done: dict[int, str]
) -> None:
    while True:
        job = await queue.get()
        try:
            await handle(job, seconds, failing)
            done[job] = f"handled by {name}"
        except ValueError as error:  # one bad job must not end the worker
            done[job] = f"failed in {name}: {error}"
        finally:
            queue.task_done()  # always, or queue.join() would wait forever


async def run_workers(
    jobs: int, workers: int, seconds: float, failing: tuple[int, ...]
) -> dict[int, str]:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for job in range(jobs):
        queue.put_nowait(job)
    done: dict[int, str] = {}
    tasks = [
        asyncio.create_task(worker(f"worker-{i}", queue, seconds, failing, done))
        for i in range(workers)
    ]
    await queue.join()  # every item fetched has been marked task_done()
    for task in tasks:
        task.cancel()  # the workers loop forever: stop them explicitly
    await asyncio.gather(*tasks, return_exceptions=True)  # and wait until they have stopped
    return done


def main(
    jobs: int = 9, workers: int = 3, seconds: float = 0.2, failing: tuple[int, ...] = (4,)
) -> dict[int, str]:
    t0 = time.perf_counter()
    done = asyncio.run(run_workers(jobs, workers, seconds, failing))
    elapsed = time.perf_counter() - t0
    for job, outcome in sorted(done.items()):
        print(f"job {job} {outcome}")
    print(f"{jobs} jobs of {seconds}s with {workers} workers took {elapsed:.2f}s")
    return done


if __name__ == "__main__":
    main()
