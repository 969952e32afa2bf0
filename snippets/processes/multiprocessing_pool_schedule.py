"""Pool(4) and 5 tasks of 2 s: four start together, the fifth waits for a free worker."""

import multiprocessing as mp
import os
import time


def task(number: int, duration: float, t0: float) -> tuple[int, int, float, float]:
    # perf_counter() is CLOCK_MONOTONIC on Linux: one clock for all processes of the machine
    start = time.perf_counter() - t0
    time.sleep(duration)
    return number, os.getpid(), start, time.perf_counter() - t0


def main(
    workers: int = 4, tasks: int = 5, duration: float = 2.0, start_method: str | None = None
) -> dict:
    ctx = mp.get_context(start_method)
    print(f"Parent process {os.getpid()}, start method {ctx.get_start_method()}.\n")
    t0 = time.perf_counter()
    with ctx.Pool(processes=workers) as pool:
        pending = [pool.apply_async(task, (n, duration, t0)) for n in range(tasks)]
        pool.close()  # no more tasks
        pool.join()  # wait for the workers to finish every task
        schedule = [result.get() for result in pending]
    total = time.perf_counter() - t0

    print("| task | worker pid | start (s) | end (s) |")
    print("| ---: | ---: | ---: | ---: |")
    for number, pid, start, end in schedule:
        print(f"| {number} | {pid} | {start:.2f} | {end:.2f} |")
    pids = {pid for _, pid, _, _ in schedule}
    print(f"\n{tasks} tasks of {duration:.2f} s on {len(pids)} workers: {total:.2f} s in all.")
    return {"schedule": schedule, "total": total}


if __name__ == "__main__":
    main()
