"""max_tasks_per_child (3.11): a worker process exits after n tasks and a fresh one replaces it."""

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor


def pid(n: int) -> tuple[int, int]:
    return n, os.getpid()


def main(tasks: int = 6, per_child: int = 2, start_method: str | None = None) -> dict:
    refused = None
    if "fork" in mp.get_all_start_methods():
        fork = mp.get_context("fork")
        try:
            ProcessPoolExecutor(max_workers=1, mp_context=fork, max_tasks_per_child=per_child)
        except ValueError as error:
            refused = str(error)
            print(f"with fork: ValueError: {refused}")
    ctx = mp.get_context(start_method)
    if ctx.get_start_method() == "fork":
        ctx = mp.get_context("spawn")  # the documented choice when none is given
    print(f"start method: {ctx.get_start_method()}")
    rows = []
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx, max_tasks_per_child=per_child) as pool:
        for n in range(tasks):  # one at a time: each task waits for the one before
            rows.append(pool.submit(pid, n).result(timeout=60))
    letters = {p: "ABCDEFGHIJ"[i] for i, p in enumerate(dict.fromkeys(p for _, p in rows))}
    print("task:   " + " ".join(str(n) for n, _ in rows))
    print("worker: " + " ".join(letters[p] for _, p in rows))
    return {"method": ctx.get_start_method(), "refused": refused, "rows": rows}


if __name__ == "__main__":
    main()
