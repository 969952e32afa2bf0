"""The event loop keeps only weak references to tasks: keep your own, or a task can vanish."""

import asyncio
import gc
import logging
import logging.handlers
import sys
import weakref


def say(line: str) -> None:
    """Print to stderr, where asyncio's messages go: one stream keeps the lines in order."""
    print(line, file=sys.stderr)


# Like a client library that does not own the replies it waits for: it holds them weakly.
pending_replies: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


async def wait_for_reply(name: str, events: list[str]) -> None:
    reply = asyncio.get_running_loop().create_future()
    pending_replies[name] = reply  # only this task's frame holds the future strongly
    try:
        events.append(f"{name}: got {await reply!r}")
    finally:
        if not reply.done():
            events.append(f"{name}: closed while still waiting")


async def app(keep_reference: bool, events: list[str]) -> None:
    background_tasks: set[asyncio.Task] = set()
    task = asyncio.create_task(wait_for_reply("job", events), name="job")
    if keep_reference:  # the pattern from the asyncio docs
        background_tasks.add(task)
        task.add_done_callback(background_tasks.discard)
    del task  # fire and forget
    await asyncio.sleep(0)  # the task starts and waits for its reply
    gc.collect()  # a garbage collection happens to run now
    if (reply := pending_replies.get("job")) is not None:
        reply.set_result("200 OK")
        await asyncio.gather(*background_tasks)
        events.append(f"background_tasks empty again: {not background_tasks}")
    else:
        events.append("no reply can be delivered: the task and its future are gone")


def main() -> dict[str, list[str]]:
    logging.basicConfig(format="%(name)s %(levelname)s: %(message)s")  # print to stderr
    kept = logging.handlers.BufferingHandler(capacity=1000)  # and keep, for main()'s result
    logging.getLogger("asyncio").addHandler(kept)
    results = {}
    try:
        for keep_reference in (False, True):
            events: list[str] = []
            say(f"--- keep a reference: {keep_reference}")
            asyncio.run(app(keep_reference, events))
            for event in events:
                say(event)
            results[f"keep={keep_reference}"] = events
    finally:
        logging.getLogger("asyncio").removeHandler(kept)
    results["logged"] = [record.getMessage() for record in kept.buffer]
    return results


if __name__ == "__main__":
    main()
