"""A worker process dies: each unfinished future gets BrokenProcessPool; the pool is unusable."""

import multiprocessing as mp
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def task(n: int, how: str) -> int:
    if n == 2:
        time.sleep(0.2)
        if how == "exit":
            os._exit(1)  # the process ends at once: no exception, no cleanup
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
    time.sleep(0.1 * n)
    return n


def main(how: str = "exit", start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    outcomes = {}
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        futures = [pool.submit(task, n, how) for n in range(6)]
        for n, future in enumerate(futures):
            try:
                outcomes[n] = future.result(timeout=60)
            except BrokenProcessPool as error:
                outcomes[n] = type(error).__name__
                message = str(error)
            print(f"task {n}: {outcomes[n]}")
        print(f"the error says: {message}")
        try:
            pool.submit(task, 0, how)
            after = "accepted"
        except BrokenProcessPool as error:
            after = type(error).__name__
        print(f"submit() afterwards raises {after}")
    return {"outcomes": outcomes, "after": after}


if __name__ == "__main__":
    main()
