"""One operation on a built-in list or dict is thread-safe; a check followed by an act is not."""

import sys
import threading
import time


def gil_enabled() -> bool:
    """sys._is_gil_enabled() where it exists (3.13+); before 3.13 the GIL is always on."""
    return getattr(sys, "_is_gil_enabled", lambda: True)()


def run_threads(target, threads: int) -> None:
    workers = [threading.Thread(target=target) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)


def appends(threads: int, times: int) -> int:
    """Every thread appends to one list: each append is one operation, none is lost."""
    items: list[int] = []

    def append() -> None:
        for i in range(times):
            items.append(i)

    run_threads(append, threads)
    return len(items)


def check_then_delete(threads: int, keys: int) -> tuple[int, int]:
    """Every thread deletes every key it finds: `if key in d: del d[key]` is two operations."""
    table = dict.fromkeys(range(keys))
    deleted, errors = [], []

    def delete() -> None:
        for key in range(keys):
            if key in table:  # check ...
                time.sleep(0)  # (any call here lets another thread run)
                try:
                    del table[key]  # ... then act: the key may be gone by now
                    deleted.append(key)
                except KeyError:
                    errors.append(key)

    run_threads(delete, threads)
    return len(deleted), len(errors)


def pop_once(threads: int, keys: int) -> tuple[int, int]:
    """The same with one operation, `d.pop(key, None)`: each key is removed exactly once."""
    table = dict.fromkeys(range(keys), True)
    deleted = []

    def delete() -> None:
        for key in range(keys):
            time.sleep(0)
            if table.pop(key, None) is not None:  # check and act in one operation
                deleted.append(key)

    run_threads(delete, threads)
    return len(deleted), len(table)


def main(threads: int = 4, times: int = 100_000, keys: int = 2_000) -> dict[str, object]:
    print(f"Python {sys.version.split()[0]}, GIL enabled: {gil_enabled()}")
    appended = appends(threads, times)
    print(f"list.append, {threads} threads × {times}: len = {appended} of {threads * times}")
    deleted, errors = check_then_delete(threads, keys)
    print(
        f"if key in d: del d[key], {threads} threads × {keys} keys: {deleted} deleted, "
        f"and a KeyError for {errors / (threads * keys):.1%} of the {threads * keys} "
        "(thread, key) pairs"
    )
    popped, left = pop_once(threads, keys)
    print(f"d.pop(key, None), {threads} threads × {keys} keys: {popped} removed, {left} left")
    return {
        "appended": appended,
        "expected": threads * times,
        "check_then_delete": (deleted, errors),
        "pop": (popped, left),
        "keys": keys,
    }


if __name__ == "__main__":
    main()
