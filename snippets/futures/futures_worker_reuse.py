"""Pools start workers when tasks need them and reuse idle ones: the same thread, the same pid."""

import multiprocessing as mp
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def whoami() -> str:
    return threading.current_thread().name


def pid() -> int:
    return os.getpid()


def main(tasks: int = 4, pause: float = 0.2, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    names = []
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="worker") as pool:
        for _ in range(tasks):  # one task at a time, with a pause between them
            names.append(pool.submit(whoami).result(timeout=30))
            time.sleep(pause)
    print(f"threads, one task at a time: {names}")

    pids, alive = [], []
    with ProcessPoolExecutor(max_workers=4, mp_context=ctx) as pool:
        for _ in range(tasks):
            pids.append(pool.submit(pid).result(timeout=60))
            alive.append(len(mp.active_children()))
            time.sleep(pause)
    letters = {p: "ABCD"[i] for i, p in enumerate(dict.fromkeys(pids))}  # pids by first use
    print(f"processes ({ctx.get_start_method()}), one task at a time: {[letters[p] for p in pids]}")
    print(f"worker processes alive after each task: {alive}")
    return {"threads": names, "pids": pids, "alive": alive, "method": ctx.get_start_method()}


if __name__ == "__main__":
    main()
