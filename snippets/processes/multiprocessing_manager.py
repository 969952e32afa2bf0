"""A Manager keeps ordinary Python objects in its own process and hands out proxies to them."""

import multiprocessing as mp
import os


def record(results, log, worker: int) -> None:
    results[worker] = worker * worker  # each call on a proxy is a message to the manager
    log.append(f"worker {worker} ran in pid {os.getpid()}")


def main(workers: int = 3, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    with ctx.Manager() as manager:  # starts the manager process; shuts it down on exit
        results, log = manager.dict(), manager.list()
        processes = [ctx.Process(target=record, args=(results, log, n)) for n in range(workers)]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        shared = {"results": dict(results), "log": sorted(log)}  # copy out before shutdown

        # A proxy tracks only calls on itself: changing an object *inside* it changes a copy.
        results["nested"] = []
        results["nested"].append("lost")  # appended to a temporary copy in this process
        shared["nested_after_append"] = list(results["nested"])
        children = [(child.name, child.pid) for child in mp.active_children()]
        print(f"parent {os.getpid()}, its live children: {children}")
    print(f"dict: {dict(sorted(shared['results'].items()))}")
    for line in shared["log"]:
        print(f"list: {line}")
    print(f"results['nested'].append('lost') left: {shared['nested_after_append']}")
    return shared


if __name__ == "__main__":
    main()
