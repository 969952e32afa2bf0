"""A failed task nobody awaits: its exception is reported only when the task object is freed."""

import asyncio
import gc
import logging
import logging.handlers
import sys


def say(line: str) -> None:
    """Print to stderr, where asyncio's messages go: one stream keeps the lines in order."""
    print(line, file=sys.stderr)


async def send_report() -> None:
    raise ConnectionError("mail server refused the connection")


async def app(kept: logging.handlers.BufferingHandler) -> dict[str, int]:
    counts = {}
    task = asyncio.create_task(send_report(), name="send-report")  # fire and forget
    await asyncio.sleep(0.01)  # the task runs and fails meanwhile
    counts["failed, still referenced"] = len(kept.buffer)
    say(f"task done: {task.done()}; messages logged so far: {len(kept.buffer)}")
    del task  # the last reference: the task object is freed now...
    gc.collect()  # ...or, if it sat in a reference cycle, by the garbage collector
    counts["freed"] = len(kept.buffer)
    say(f"after del task and gc.collect(): messages logged: {len(kept.buffer)}")
    return counts


def main() -> tuple[dict[str, int], list[str]]:
    logging.basicConfig(format="%(name)s %(levelname)s: %(message)s")  # print to stderr
    kept = logging.handlers.BufferingHandler(capacity=1000)  # and keep, for main()'s result
    logging.getLogger("asyncio").addHandler(kept)
    try:
        counts = asyncio.run(app(kept))
    finally:
        logging.getLogger("asyncio").removeHandler(kept)
    return counts, [record.getMessage() for record in kept.buffer]


if __name__ == "__main__":
    main()
