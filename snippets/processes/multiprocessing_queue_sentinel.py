"""A Queue between two processes: end the stream with a sentinel, never with a fixed count."""

import multiprocessing as mp
import os
import queue
import sys
import time

DONE = None  # the sentinel: a value the writer never sends as data


def write_task(q, items: list[int], delay: float, fail_after: int | None, sentinel: bool):
    try:
        for count, item in enumerate(items):
            if count == fail_after:
                sys.exit(f"writer {os.getpid()}: failed after {count} items")
            print(f"write {item}")
            q.put(item)
            time.sleep(delay)
    finally:
        if sentinel:
            q.put(DONE)  # sent even when the writer fails: the reader always learns the end


def read_fixed_count(q, count: int, patience: float, report) -> None:
    """The seed's reader: expects exactly `count` items. With a timeout, so that it cannot hang."""
    got = []
    for _ in range(count):
        try:
            got.append(q.get(timeout=patience))  # the seed waited here forever
        except queue.Empty:
            print(f"reader: item {len(got) + 1} never came; gave up after {patience} s")
            break
        print(f"read  {got[-1]}")
    report.put(got)


def read_until_sentinel(q, report) -> None:
    got = []
    for item in iter(q.get, DONE):  # ends at the sentinel, however many items came before
        print(f"read  {item}")
        got.append(item)
    report.put(got)


def run(
    items: list[int],
    delay: float,
    fail_after: int | None,
    sentinel: bool,
    patience: float,
    start_method: str | None,
) -> dict:
    ctx = mp.get_context(start_method)
    q, report = ctx.Queue(), ctx.SimpleQueue()
    writer = ctx.Process(target=write_task, args=(q, items, delay, fail_after, sentinel))
    if sentinel:
        reader = ctx.Process(target=read_until_sentinel, args=(q, report))
    else:
        reader = ctx.Process(target=read_fixed_count, args=(q, len(items), patience, report))
    t0 = time.perf_counter()
    writer.start()
    reader.start()
    writer.join()
    reader.join()
    elapsed = time.perf_counter() - t0
    got = report.get()
    report.close()
    q.close()
    print(f"writer exitcode {writer.exitcode}; reader got {got} and ended after {elapsed:.2f} s")
    return {"written": items[:fail_after], "got": got, "elapsed": elapsed}


def main(
    items: tuple[int, ...] = (1, 2, 3, 4),
    delay: float = 0.2,
    patience: float = 2.0,
    start_method: str | None = None,
) -> dict:
    data, fail_after = list(items), len(items) // 2
    print("-- the seed's pair, and the writer fails half way:")
    seed = run(data, delay, fail_after, False, patience, start_method)
    print("-- with a sentinel, the writer fails half way:")
    failed = run(data, delay, fail_after, True, patience, start_method)
    print("-- with a sentinel, the writer finishes:")
    complete = run(data, delay, None, True, patience, start_method)
    return {"seed": seed, "sentinel_failed": failed, "sentinel_complete": complete}


if __name__ == "__main__":
    main()
