"""Ctrl+C under ``asyncio.run`` (3.11+): the main task is cancelled, cleans up, then it stops."""

import asyncio
import os
import signal


async def serve(events: list[str], after: float) -> None:
    loop = asyncio.get_running_loop()
    # What a user's Ctrl+C does: SIGINT to this process, here sent by the program itself.
    loop.call_later(after, os.kill, os.getpid(), signal.SIGINT)
    try:
        await asyncio.sleep(60)  # serving requests
    except asyncio.CancelledError:
        events.append("serve: CancelledError at its await")
        raise
    finally:
        events.append("serve: finally: connections closed")


def main(after: float = 0.1) -> list[str]:
    events: list[str] = []
    try:
        asyncio.run(serve(events, after))
    except KeyboardInterrupt:
        events.append("asyncio.run raised KeyboardInterrupt after the cleanup")
    for line in events:
        print(line)
    return events


if __name__ == "__main__":
    main()
