"""A daemonic process may not start children of its own."""

import multiprocessing as mp
from multiprocessing.queues import SimpleQueue  # the type (mp.SimpleQueue is a method)


def grandchild() -> None:
    print("grandchild: never runs")


def daemonic_child(results: SimpleQueue) -> None:
    ctx = mp.get_context()
    try:
        ctx.Process(target=grandchild).start()
        results.put("started a child")
    except AssertionError as error:
        results.put(f"{type(error).__name__}: {error}")


def main(start_method: str | None = None) -> str:
    ctx = mp.get_context(start_method)
    results = ctx.SimpleQueue()
    child = ctx.Process(target=daemonic_child, args=(results,), daemon=True)
    child.start()
    child.join()
    outcome = results.get()
    results.close()
    print(f"daemonic child {child.pid} tried Process.start(): {outcome}")
    return outcome


if __name__ == "__main__":
    main()
