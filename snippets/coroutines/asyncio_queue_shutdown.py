"""``asyncio.Queue.shutdown()`` (3.13): workers drain what is queued, then ``get()`` raises."""

import asyncio


async def worker(name: str, queue: asyncio.Queue, seconds: float, log: list[str]) -> None:
    while True:
        try:
            job = await queue.get()
        except asyncio.QueueShutDown:  # shut down, and nothing left to take
            log.append(f"{name}: get() raised QueueShutDown, returned")
            return
        await asyncio.sleep(seconds)
        log.append(f"{name} did job {job}")
        queue.task_done()


async def run(jobs: int, workers: int, seconds: float, immediate: bool) -> dict[str, object]:
    queue: asyncio.Queue = asyncio.Queue()
    log: list[str] = []
    async with asyncio.TaskGroup() as group:
        for i in range(workers):
            group.create_task(worker(f"worker-{i}", queue, seconds, log))
        for job in range(jobs):
            queue.put_nowait(job)
        await asyncio.sleep(0)  # let each worker take its first job
        queue.shutdown(immediate=immediate)
        try:
            queue.put_nowait("late job")
        except asyncio.QueueShutDown:
            log.append("main: put() after shutdown() raised QueueShutDown")
    done = sum(" did job " in line for line in log)
    return {"log": log, "done": done, "dropped": jobs - done}


def main(jobs: int = 6, workers: int = 2, seconds: float = 0.05) -> dict[str, dict]:
    results = {}
    for immediate in (False, True):
        result = asyncio.run(run(jobs, workers, seconds, immediate))
        results["immediate" if immediate else "graceful"] = result
        print(f"shutdown(immediate={immediate}): {result['done']} of {jobs} jobs done")
        for line in result["log"]:
            print(f"  {line}")
    return results


if __name__ == "__main__":
    main()
