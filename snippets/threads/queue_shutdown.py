"""``queue.Queue.shutdown()`` (3.13) stops a pool of worker threads: gracefully or at once."""

import queue
import threading
import time


def worker(
    jobs: queue.Queue,
    seconds: float,
    log: list[str],
    taken: threading.Semaphore,
    go: threading.Event,
) -> None:
    name = threading.current_thread().name
    first = True
    while True:
        try:
            job = jobs.get()  # blocks; after shutdown() it raises instead of waiting
        except queue.ShutDown:
            log.append(f"{name}: get() raised ShutDown, returned")
            return
        if first:  # hold the first job until the main thread has called shutdown()
            first = False
            taken.release()
            go.wait(timeout=30)
        time.sleep(seconds)  # the work
        log.append(f"{name} did job {job}")
        jobs.task_done()


def run(jobs: int, workers: int, seconds: float, immediate: bool) -> dict[str, object]:
    tasks: queue.Queue = queue.Queue()
    log: list[str] = []  # list.append is atomic: each line lands whole
    for job in range(jobs):
        tasks.put(job)
    taken, go = threading.Semaphore(0), threading.Event()
    threads = [
        threading.Thread(target=worker, args=(tasks, seconds, log, taken, go), name=f"worker-{i}")
        for i in range(workers)
    ]
    for thread in threads:
        thread.start()
    for _ in threads:  # each worker has a job in hand, the rest are queued
        taken.acquire(timeout=30)
    tasks.shutdown(immediate=immediate)
    try:
        tasks.put("late job")
    except queue.ShutDown:
        log.append("main: put() after shutdown() raised ShutDown")
    go.set()
    for thread in threads:
        thread.join(timeout=30)
    done = sum(" did job " in line for line in log)
    alive = [thread.name for thread in threads if thread.is_alive()]
    return {"log": log, "done": done, "alive": alive}


def main(jobs: int = 6, workers: int = 2, seconds: float = 0.05) -> dict[str, dict]:
    results = {}
    for immediate in (False, True):
        result = run(jobs, workers, seconds, immediate)
        results["immediate" if immediate else "graceful"] = result
        print(f"shutdown(immediate={immediate}): {result['done']} of {jobs} jobs done")
        for line in result["log"]:
            print(f"  {line}")
    return results


if __name__ == "__main__":
    main()
