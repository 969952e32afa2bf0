"""How many workers a pool starts when max_workers is not given."""

import multiprocessing as mp
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def nap() -> None:
    time.sleep(0.1)


def main(start_method: str | None = None) -> dict:
    cpus = os.cpu_count()
    usable = os.process_cpu_count() if hasattr(os, "process_cpu_count") else None  # 3.13+
    print(f"os.cpu_count() = {cpus}; os.process_cpu_count() = {usable or 'not in this Python'}")

    release = threading.Event()
    with ThreadPoolExecutor(thread_name_prefix="counted") as pool:
        for _ in range(100):  # far more tasks than workers, all blocked until release
            pool.submit(release.wait, 30)
        threads = sum(t.name.startswith("counted") for t in threading.enumerate())
        release.set()
    print(f"ThreadPoolExecutor(): {threads} threads for 100 waiting tasks")

    with ProcessPoolExecutor(mp_context=mp.get_context(start_method)) as pool:
        futures = [pool.submit(nap) for _ in range(100)]
        processes = len(mp.active_children())
        for future in futures:
            future.result(timeout=60)
    print(f"ProcessPoolExecutor(): {processes} worker processes for 100 tasks")
    return {
        "cpu_count": cpus,
        "process_cpu_count": usable,
        "threads": threads,
        "processes": processes,
    }


if __name__ == "__main__":
    main()
