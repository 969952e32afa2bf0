"""``loop.add_signal_handler``: SIGTERM sets an event, and the workers stop cleanly."""

import asyncio
import os
import signal


async def worker(name: str, stop: asyncio.Event, events: list[str]) -> None:
    while not stop.is_set():
        await asyncio.sleep(0.05)  # one round of work
    events.append(f"{name}: saw the stop event, finished its round and returned")


async def serve(after: float) -> list[str]:
    events: list[str] = []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_sigterm() -> None:  # runs in the event loop, like any callback: safe to touch stop
        events.append("handler: SIGTERM received, asking the workers to stop")
        stop.set()

    loop.add_signal_handler(signal.SIGTERM, on_sigterm)
    try:
        loop.call_later(after, os.kill, os.getpid(), signal.SIGTERM)  # as `kill PID` would
        async with asyncio.TaskGroup() as group:
            for name in ("worker-1", "worker-2"):
                group.create_task(worker(name, stop, events))
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
    events.append("serve: every worker returned, exiting with code 0")
    return events


def main(after: float = 0.2) -> list[str]:
    events = asyncio.run(serve(after))
    for line in events:
        print(line)
    return events


if __name__ == "__main__":
    main()
