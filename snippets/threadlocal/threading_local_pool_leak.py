"""A thread pool reuses its threads, so a thread-local set by one task is seen by the next."""

import threading
from concurrent.futures import ThreadPoolExecutor

request = threading.local()


def handle(user: str | None) -> str:
    if user is not None:
        request.user = user  # a task that logs someone in...
    # ...and a later task on the same thread that never set it
    seen = getattr(request, "user", "<not set>")
    caller = user or "anonymous"
    print(f"  task for {caller:<9} on {threading.current_thread().name}: sees user {seen!r}")
    return seen


def handle_and_clean_up(user: str | None) -> str:
    try:
        return handle(user)
    finally:
        vars(request).clear()  # leave the thread as the task found it


def main() -> dict[str, list[str]]:
    results = {}
    for task in (handle, handle_and_clean_up):
        print(f"{task.__name__}:")
        # One worker makes the reuse certain; with more workers it happens at random.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix=task.__name__) as pool:
            results[task.__name__] = list(pool.map(task, ["alice", None]))
    return results


if __name__ == "__main__":
    main()
