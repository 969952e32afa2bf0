"""initializer runs once in each worker process, before its first task."""

import multiprocessing as mp
import os
import time
from concurrent.futures import ProcessPoolExecutor

connection: str | None = None  # one per worker process, set by the initializer


def connect(database: str) -> None:
    global connection
    connection = f"{database} (opened in pid {os.getpid()})"
    print(f"initializer: pid {os.getpid()} connects to {database}")


def query(n: int) -> tuple[int, int, str | None]:
    time.sleep(0.05)
    return n, os.getpid(), connection


def main(tasks: int = 6, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    print(f"start method: {ctx.get_start_method()}")
    with ProcessPoolExecutor(
        max_workers=2, mp_context=ctx, initializer=connect, initargs=("orders.db",)
    ) as pool:
        rows = list(pool.map(query, range(tasks), timeout=60))
    for n, pid, conn in rows:
        print(f"task {n} in pid {pid} uses {conn}")
    return {"method": ctx.get_start_method(), "rows": rows}


if __name__ == "__main__":
    main()
