"""map(buffersize=n), new in 3.14: at most n tasks ahead of the results read, endless input too."""

import inspect
import itertools
import sys
from concurrent.futures import Executor, ThreadPoolExecutor

HAS_BUFFERSIZE = "buffersize" in inspect.signature(Executor.map).parameters


def main(wanted: int = 5, buffersize: int = 2) -> dict:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    if not HAS_BUFFERSIZE:
        print(f"Python {version}: Executor.map() has no buffersize (added in 3.14)")
        return {"version": version, "has_buffersize": False}

    taken: list[int] = []

    def numbers():  # an endless input: map() without buffersize would never return
        for n in itertools.count():
            taken.append(n)
            yield n

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda n: n * n, numbers(), buffersize=buffersize)
        squares = [next(results) for _ in range(wanted)]
        del results  # stop submitting
    print(f"Python {version}: read {len(squares)} results {squares}")
    print(f"the endless input was read {len(taken)} times (wanted + buffersize at most)")
    return {"version": version, "has_buffersize": True, "squares": squares, "taken": len(taken)}


if __name__ == "__main__":
    main()
