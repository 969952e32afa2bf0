"""A consumer that dies on one bad item strands the rest: catch the failure per item."""

import queue
import threading
import time


def consume(tasks: queue.Queue, results: list[str], per_item: bool) -> None:
    while True:
        item = tasks.get()
        try:
            if item is None:  # the sentinel
                return
            try:
                results.append(f"1/{item} = {1 / item}")
            except ZeroDivisionError as error:
                if not per_item:
                    raise  # the consumer thread dies here
                results.append(f"1/{item} failed: {error}")  # logged; the loop goes on
        finally:
            tasks.task_done()


def run(items: list[int], per_item: bool, patience: float) -> dict[str, object]:
    tasks: queue.Queue = queue.Queue()
    results: list[str] = []
    consumer = threading.Thread(target=consume, args=(tasks, results, per_item), name="consumer")
    consumer.start()
    for item in [*items, None]:
        tasks.put(item)
    deadline = time.monotonic() + patience
    while tasks.unfinished_tasks and time.monotonic() < deadline:  # join(), with a time limit
        time.sleep(0.01)
    consumer.join(timeout=patience)
    return {"results": results, "unfinished": tasks.unfinished_tasks, "alive": consumer.is_alive()}


def main(items: tuple[int, ...] = (2, 0, 4, 5), patience: float = 0.5) -> dict[str, dict]:
    outcomes = {}
    for per_item in (False, True):
        label = "failure caught per item" if per_item else "failure left uncaught"
        outcome = outcomes[label] = run(list(items), per_item, patience)
        print(f"{label}: {outcome['results']}")
        print(
            f"  consumer alive: {outcome['alive']}, unfinished items after {patience} s: "
            f"{outcome['unfinished']}"
        )
    return outcomes


if __name__ == "__main__":
    main()
