"""A task that waits for another task of its own pool can wait for ever: no worker is left."""

from concurrent.futures import Future, ThreadPoolExecutor


def lookup(key: str) -> str:
    return f"value of {key}"


def state(future: Future) -> str:
    return "done" if future.done() else "running" if future.running() else "still queued"


def handle(pool: ThreadPoolExecutor, patience: float) -> str:
    """A task that submits another to the same pool and waits for it, with a timeout."""
    inner = pool.submit(lookup, "user:42")
    try:
        return inner.result(timeout=patience)
    except TimeoutError:
        return f"TimeoutError after {patience} s: the task it waited for was {state(inner)}"


def main(patience: float = 0.5) -> dict[int, str]:
    outcome = {}
    for workers in (1, 2):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcome[workers] = pool.submit(handle, pool, patience).result(timeout=patience * 10)
        print(f"max_workers={workers}: {outcome[workers]}")
    return outcome


if __name__ == "__main__":
    main()
