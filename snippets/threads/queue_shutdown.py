"""``queue.Queue.shutdown()`` (3.13) stops a pool of worker threads: gracefully or at once."""

import queue
import threading
import time


def worker(jobs: queue.Queue, seconds: float, log: list[str]) -> None:
    name = threading.current_thread().name
    while True:
        try:
            job = jobs.get()  # blocks; after shutdown() it raises instead of waiting
        except queue.ShutDown:
            log.append(f"{name}: get() raised ShutDown, returned")
            return
        time.sleep(seconds)  # the work
        log.append(f"{name} did job {job}")
        jobs.task_done()


def run(jobs: int, workers: int, seconds: float, immediate: bool) -> dict[str, object]:
    tasks: queue.Queue = queue.Queue()
    log: list[str] = []  # list.append is atomic: each line lands whole
    for job in range(jobs):
        tasks.put(job)
    threads = [
        threading.Thread(target=worker, args=(tasks, seconds, log), name=f"worker-{i}")
        for i in range(workers)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while tasks.qsize() > jobs - workers and time.monotonic() < deadline:
        time.sleep(0.001)  # until each worker has taken its first job
    tasks.shutdown(immediate=immediate)
    try:
        tasks.put("late job")
    except queue.ShutDown:
        log.append("main: put() after shutdown() raised ShutDown")
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
