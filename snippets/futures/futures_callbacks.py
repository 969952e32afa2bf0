"""Which thread runs a done callback: the one that finished the future, or the one adding it."""

import multiprocessing as mp
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor


def where() -> str:
    return f"pid {os.getpid()}, thread {threading.current_thread().name}"


def wait_for(go: threading.Event) -> None:
    go.wait(timeout=30)


def nap(delay: float) -> str:
    time.sleep(delay)
    return where()


def main(delay: float = 0.5, start_method: str | None = None) -> dict:
    seen: dict[str, str] = {}
    callback_ran = threading.Event()

    def record(label: str):
        def callback(future: Future) -> None:
            seen[label] = where()
            print(f"{label:<34} callback ran in {seen[label]}")
            callback_ran.set()

        return callback

    print(f"{'the main program':<34} runs in         {where()}")
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pool") as pool:
        go = threading.Event()
        future = pool.submit(wait_for, go)  # cannot finish before go is set
        future.add_done_callback(record("thread pool, added before done"))
        go.set()
        future.result(timeout=30)
        callback_ran.wait(timeout=30)
        future.add_done_callback(record("thread pool, added once done"))

    callback_ran.clear()
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context(start_method)) as pool:
        future = pool.submit(nap, delay)
        future.add_done_callback(record("process pool, added before done"))
        task_ran_in = future.result(timeout=60)
        callback_ran.wait(timeout=30)
    print(f"{'the process pool task':<34} ran in          {task_ran_in}")
    return {"main": where(), "seen": seen, "task": task_ran_in}


if __name__ == "__main__":
    main()
