"""An event loop running in a background thread, serving coroutines that other threads submit."""

import asyncio
import concurrent.futures
import sys
import threading
import time


class LoopThread:
    """Runs an event loop in a thread of its own; any thread may submit coroutines to it.

    Leaving the `with` block stops the loop and, in the loop's own thread, cleans up as
    asyncio.run() does: pending tasks are cancelled and awaited, asynchronous generators closed,
    the default executor's threads joined, the loop closed. A loop that does not stop in time
    (a callback blocks it) cannot be closed: the exit raises TimeoutError instead.
    """

    def __init__(self, stop_timeout: float = 5.0) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="event-loop")
        self.stop_timeout = stop_timeout

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        finally:
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.run_until_complete(self.loop.shutdown_default_executor())
            self.loop.close()

    def __enter__(self) -> "LoopThread":
        self.thread.start()
        return self

    def submit(self, coroutine) -> concurrent.futures.Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def __exit__(self, *exc_info) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)  # loop.stop() itself is not thread-safe
        self.thread.join(timeout=self.stop_timeout)
        if self.thread.is_alive():
            raise TimeoutError(f"the event loop did not stop within {self.stop_timeout} s")


async def download(name: str, seconds: float) -> tuple[str, str, float, float]:
    start = time.perf_counter()
    await asyncio.sleep(seconds)  # stands in for a network transfer
    return name, threading.current_thread().name, start, time.perf_counter()


async def watch(events: list[str]) -> None:
    """A task that runs until it is cancelled, as a connection's keep-alive would."""
    try:
        await asyncio.sleep(3600)
    finally:
        events.append("watcher: cancelled when the loop stopped, its finally ran")


def request(service: LoopThread, name: str, seconds: float) -> tuple[str, str, float, float]:
    """Ordinary blocking code, run by a worker thread: it waits for the loop's answer."""
    result = service.submit(download(name, seconds)).result(timeout=10)
    me = threading.current_thread().name
    sys.stdout.write(f"{me} got {name!r}, downloaded in thread {result[1]!r}\n")  # one write
    return result


def main(files: int = 3, seconds: float = 0.3, hang: float = 1.0) -> dict[str, object]:
    started = time.perf_counter()
    names = [f"file{i}" for i in range(files)]
    events: list[str] = []
    workers = concurrent.futures.ThreadPoolExecutor(files, thread_name_prefix="worker")
    with LoopThread() as service, workers:
        watching = service.submit(watch(events))  # still pending when the block ends
        results = list(workers.map(request, [service] * files, names, [seconds] * files))
    elapsed = time.perf_counter() - started
    print(f"{files} downloads of {seconds}s each took {elapsed:.2f}s in all")
    for line in events:
        print(line)
    print(f"the watcher's future, seen from this thread: cancelled() is {watching.cancelled()}")
    print(f"event loop thread still alive: {service.thread.is_alive()}")
    print(f"event loop closed: {service.loop.is_closed()}")

    blocked = LoopThread(stop_timeout=hang / 5)
    try:
        with blocked:
            blocked.loop.call_soon_threadsafe(time.sleep, hang)  # a callback that blocks the loop
    except TimeoutError as error:
        print(f"a blocked loop: TimeoutError: {error}; thread alive: {blocked.thread.is_alive()}")
    blocked.thread.join()  # once the callback returns, the loop stops and cleans up after all
    print(f"once the callback returned: loop closed: {blocked.loop.is_closed()}")
    return {
        "loop_threads": {thread for _, thread, _, _ in results},
        "spans": [(start, end) for _, _, start, end in results],
        "alive": service.thread.is_alive(),
        "closed": service.loop.is_closed(),
        "events": events,
        "watcher_cancelled": watching.cancelled(),
        "blocked_closed": blocked.loop.is_closed(),
    }


if __name__ == "__main__":
    main()
