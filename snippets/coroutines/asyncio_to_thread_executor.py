"""to_thread and run_in_executor: blocking code in a thread; only to_thread copies the context."""

import asyncio
import concurrent.futures
import contextvars
import threading

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def blocking_query(sql: str) -> str:
    """A blocking call (a database driver without asyncio support, say)."""
    return f"{sql!r} in {threading.current_thread().name}, request_id={request_id.get()}"


async def handle() -> dict[str, str]:
    request_id.set("req-42")
    loop = asyncio.get_running_loop()
    results = {
        "asyncio.to_thread": await asyncio.to_thread(blocking_query, "SELECT 1"),
        "run_in_executor(None)": await loop.run_in_executor(None, blocking_query, "SELECT 2"),
    }
    with concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="db") as pool:
        results["run_in_executor(pool)"] = await loop.run_in_executor(
            pool, blocking_query, "SELECT 3"
        )
    return results


def main() -> dict[str, str]:
    results = asyncio.run(handle())
    for how, result in results.items():
        print(f"{how:<22} ran {result}")
    return results


if __name__ == "__main__":
    main()
