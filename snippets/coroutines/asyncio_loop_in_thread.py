"""An event loop running in a background thread, serving coroutines that other threads submit."""

import asyncio
import concurrent.futures
import sys
import threading
import time


class LoopThread:
    """Starts an event loop in its own thread; any thread may submit coroutines to it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="event-loop")

    def __enter__(self) -> "LoopThread":
        self.thread.start()
        return self

    def submit(self, coroutine) -> concurrent.futures.Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def __exit__(self, *exc_info) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)  # loop.stop() itself is not thread-safe
        self.thread.join(timeout=5)
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()


async def download(name: str, seconds: float) -> tuple[str, str, float, float]:
    start = time.perf_counter()
    await asyncio.sleep(seconds)  # stands in for a network transfer
    return name, threading.current_thread().name, start, time.perf_counter()


def request(service: LoopThread, name: str, seconds: float) -> tuple[str, str, float, float]:
    """Ordinary blocking code, run by a worker thread: it waits for the loop's answer."""
    result = service.submit(download(name, seconds)).result(timeout=10)
    me = threading.current_thread().name
    sys.stdout.write(f"{me} got {name!r}, downloaded in thread {result[1]!r}\n")  # one write
    return result


def main(files: int = 3, seconds: float = 0.3) -> dict[str, object]:
    started = time.perf_counter()
    names = [f"file{i}" for i in range(files)]
    workers = concurrent.futures.ThreadPoolExecutor(files, thread_name_prefix="worker")
    with LoopThread() as service, workers:
        results = list(workers.map(request, [service] * files, names, [seconds] * files))
    elapsed = time.perf_counter() - started
    print(f"{files} downloads of {seconds}s each took {elapsed:.2f}s in all")
    print(f"event loop thread still alive: {service.thread.is_alive()}")
    return {
        "loop_threads": {thread for _, thread, _, _ in results},
        "spans": [(start, end) for _, _, start, end in results],
        "alive": service.thread.is_alive(),
    }


if __name__ == "__main__":
    main()
