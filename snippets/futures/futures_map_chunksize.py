"""A process pool's map() sends its inputs in chunks: chunksize items go to one worker at once."""

import multiprocessing as mp
import os
import time
from concurrent.futures import ProcessPoolExecutor


def tag(n: int) -> tuple[int, int]:
    time.sleep(0.01)
    return n, os.getpid()


def main(items: int = 12, chunksize: int = 4, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    runs = {}
    with ProcessPoolExecutor(max_workers=3, mp_context=ctx) as pool:
        for size in (1, chunksize):
            pairs = list(pool.map(tag, range(items), chunksize=size, timeout=60))
            names: dict[int, str] = {}  # pids as letters, in order of first appearance
            for _, pid in pairs:
                names.setdefault(pid, "ABCDEFGHIJ"[len(names)])
            print(f"chunksize={size}: " + " ".join(f"{n}{names[pid]}" for n, pid in pairs))
            runs[size] = pairs
    return {"items": items, "chunksize": chunksize, "runs": runs}


if __name__ == "__main__":
    main()
