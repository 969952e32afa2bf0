"""map, imap, imap_unordered, starmap: which keep the input order, and which worker ran what."""

import functools
import multiprocessing as mp
import os
import time


def slow_square(n: int, delay: float) -> tuple[int, int]:
    time.sleep(delay / (n + 1))  # larger inputs finish sooner
    return n * n, os.getpid()


def main(
    count: int = 8, workers: int = 3, delay: float = 0.4, start_method: str | None = None
) -> dict:
    ctx = mp.get_context(start_method)
    inputs = list(range(count))
    work = functools.partial(slow_square, delay=delay)  # a partial of a module function pickles
    with ctx.Pool(processes=workers) as pool:
        mapped = pool.map(work, inputs)  # a list, in input order, once all are done
        lazily = list(pool.imap(work, inputs))  # an iterator, in input order
        unordered = list(pool.imap_unordered(work, inputs))  # in order of completion
        powers = pool.starmap(pow, [(2, 10), (3, 4), (10, 3)])  # each tuple unpacked

    results = {
        "map": [square for square, _ in mapped],
        "imap": [square for square, _ in lazily],
        "imap_unordered": [square for square, _ in unordered],
    }
    print(f"inputs:          {inputs}")
    for name, squares in results.items():
        print(f"{name + ':':<16} {squares}")
    print(f"starmap(pow):    {powers}")
    pids = {pid for _, pid in mapped + lazily + unordered}
    print(f"parent {os.getpid()}; {workers} workers ran everything, pids: {sorted(pids)}")
    return {"inputs": inputs, **results, "starmap": powers, "worker_pids": pids}


if __name__ == "__main__":
    main()
