"""to_thread and run_in_executor: blocking code in a thread; only to_thread copies the context."""

import asyncio
import concurrent.futures
import contextvars
import threading

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def blocking_query(sql: str) -> str:
    """A blocking call (a database driver without asyncio support, say)."""
    return f"{sql!r} in {threading.current_thread().name}, request_id={request_id.get()}"


async def handle(pool: concurrent.futures.Executor) -> dict[str, str]:
    request_id.set("req-42")
    loop = asyncio.get_running_loop()
    return {
        "asyncio.to_thread": await asyncio.to_thread(blocking_query, "SELECT 1"),
        "run_in_executor(None)": await loop.run_in_executor(None, blocking_query, "SELECT 2"),
        "run_in_executor(pool)": await loop.run_in_executor(pool, blocking_query, "SELECT 3"),
    }


def main() -> dict[str, str]:
    # The pool is made and shut down outside the event loop: its `with` ends in shutdown(wait=True),
    # a blocking call that, inside a coroutine, would stop the loop until the pool's threads end.
    with concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="db") as pool:
        results = asyncio.run(handle(pool))
    for how, result in results.items():
        print(f"{how:<22} ran {result}")
    return results


if __name__ == "__main__":
    main()
