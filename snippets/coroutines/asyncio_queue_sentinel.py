"""Stopping worker tasks the classic way: one sentinel (``None``) per worker after the jobs."""

import asyncio

DONE = None  # the sentinel: a value no real job can be


async def worker(name: str, queue: asyncio.Queue, seconds: float, log: list[str]) -> None:
    while (job := await queue.get()) is not DONE:
        await asyncio.sleep(seconds)
        log.append(f"{name} did job {job}")
    log.append(f"{name} got the sentinel and returned")


async def run(jobs: int, workers: int, seconds: float) -> list[str]:
    queue: asyncio.Queue = asyncio.Queue()
    log: list[str] = []
    async with asyncio.TaskGroup() as group:
        for i in range(workers):
            group.create_task(worker(f"worker-{i}", queue, seconds, log))
        for job in range(jobs):
            await queue.put(job)
        for _ in range(workers):  # exactly one per worker, or some worker waits forever
            await queue.put(DONE)
    return log


def main(jobs: int = 5, workers: int = 2, seconds: float = 0.05) -> list[str]:
    log = asyncio.run(run(jobs, workers, seconds))
    for line in log:
        print(line)
    return log


if __name__ == "__main__":
    main()
