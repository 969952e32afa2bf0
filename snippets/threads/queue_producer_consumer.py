"""queue.Queue: producers put, consumers get; task_done()/join() and a sentinel end the work."""

import queue
import sys
import threading
import time

STOP = object()  # the sentinel: unique, so it can never be confused with real work


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def consume(tasks: queue.Queue, results: list[tuple[str, int]], work: float) -> None:
    name = threading.current_thread().name
    while True:
        item = tasks.get()
        try:
            if item is STOP:
                return
            time.sleep(work)
            results.append((name, item * item))
            say(f"{name} squared {item}")
        finally:
            tasks.task_done()  # one task_done() per get(), the sentinel included


def main(
    items: int = 8, consumers: int = 3, work: float = 0.1, capacity: int = 4
) -> list[tuple[str, int]]:
    tasks: queue.Queue = queue.Queue(maxsize=capacity)  # put() waits while the queue is full
    results: list[tuple[str, int]] = []
    threads = [
        threading.Thread(target=consume, args=(tasks, results, work), name=f"consumer-{i}")
        for i in range(consumers)
    ]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    for item in range(items):
        tasks.put(item)
    tasks.join()  # returns when every item put so far has been marked done
    say(f"all {items} items done after {time.perf_counter() - start:.2f} s")
    for _ in threads:
        tasks.put(STOP)  # one sentinel per consumer
    for thread in threads:
        thread.join()
    return results


if __name__ == "__main__":
    main()
