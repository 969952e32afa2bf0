"""``Task.cancel()`` throws ``CancelledError`` in at the task's ``await``; its ``finally`` runs."""

import asyncio


async def download(events: list[str], seconds: float) -> str:
    events.append("download: started, awaiting the network")
    try:
        await asyncio.sleep(seconds)  # CancelledError is raised right here
        events.append("download: finished")  # never reached when cancelled
        return "data"
    except asyncio.CancelledError:
        events.append("download: CancelledError raised at its await")
        raise  # let the cancellation finish the task
    finally:
        events.append("download: finally: temporary file removed")


async def cancel_it(seconds: float, cancel_after: float) -> dict[str, object]:
    events: list[str] = []
    task = asyncio.create_task(download(events, seconds))
    await asyncio.sleep(cancel_after)
    requested = task.cancel()  # only a request: the task has not ended yet
    events.append(f"main: cancel() returned {requested}; task.done() is {task.done()}")
    try:
        await task
    except asyncio.CancelledError:
        events.append("main: awaiting the task raised CancelledError")
    return {"events": events, "cancelled": task.cancelled()}


def main(seconds: float = 60.0, cancel_after: float = 0.1) -> dict[str, object]:
    result = asyncio.run(cancel_it(seconds, cancel_after))
    for line in result["events"]:
        print(line)
    print(f"task.cancelled(): {result['cancelled']}")
    return result


if __name__ == "__main__":
    main()
