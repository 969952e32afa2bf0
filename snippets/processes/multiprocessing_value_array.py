"""Value and Array live in shared memory: every process sees the same numbers."""

import multiprocessing as mp
import os


def count(counter, per_worker, slot: int, times: int, locked: bool) -> None:
    for _ in range(times):
        if locked:
            with counter.get_lock():  # one read-modify-write at a time
                counter.value += 1
        else:
            counter.value += 1  # a read, then a write: another process may write in between
    per_worker[slot] = times  # each worker has its own slot: no lock needed
    print(f"worker {slot} (pid {os.getpid()}) done")


def run(workers: int, times: int, locked: bool, start_method: str | None) -> tuple[int, list]:
    ctx = mp.get_context(start_method)
    counter = ctx.Value("i", 0)  # a C int, with a lock
    per_worker = ctx.Array("i", workers)  # C ints, all 0
    processes = [
        ctx.Process(target=count, args=(counter, per_worker, slot, times, locked))
        for slot in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    total, slots = counter.value, list(per_worker)
    print(f"locked={locked}: counter {total} of {workers * times}, Array {slots}")
    return total, slots


def main(workers: int = 4, times: int = 20_000, start_method: str | None = None) -> dict:
    return {locked: run(workers, times, locked, start_method) for locked in (False, True)}


if __name__ == "__main__":
    main()
