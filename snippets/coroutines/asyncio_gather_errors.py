"""When one awaitable of ``gather`` fails, the others are not cancelled: they run on."""

import asyncio
import time


async def fetch(name: str, seconds: float, t0: float) -> str:
    await asyncio.sleep(seconds)
    print(f"{time.perf_counter() - t0:5.2f}s {name} finished")
    return f"{name} data"


async def broken(seconds: float, t0: float) -> str:
    await asyncio.sleep(seconds)
    print(f"{time.perf_counter() - t0:5.2f}s broken raises ValueError")
    raise ValueError("bad response")


async def first_error(fail_after: float, seconds: float) -> dict[str, object]:
    t0 = time.perf_counter()
    slow = asyncio.create_task(fetch("slow", seconds, t0))
    try:
        await asyncio.gather(slow, broken(fail_after, t0))
    except ValueError as error:
        at = time.perf_counter() - t0
        print(f"{at:5.2f}s gather raised {error!r}; slow.done() is {slow.done()}")
    left_running = not slow.done()
    result = await slow  # nobody cancelled it: it finishes, and its result is there
    print(f"{time.perf_counter() - t0:5.2f}s slow returned {result!r} after gather had failed")
    return {"left_running": left_running, "result": result}


async def every_outcome(fail_after: float, seconds: float) -> list[object]:
    t0 = time.perf_counter()
    outcomes = await asyncio.gather(
        fetch("slow", seconds, t0), broken(fail_after, t0), return_exceptions=True
    )
    print(f"{time.perf_counter() - t0:5.2f}s return_exceptions=True gave {outcomes!r}")
    return outcomes


def main(fail_after: float = 0.1, seconds: float = 0.4) -> dict[str, object]:
    print("--- gather(slow, broken)")
    first = asyncio.run(first_error(fail_after, seconds))
    print("--- gather(slow, broken, return_exceptions=True)")
    outcomes = asyncio.run(every_outcome(fail_after, seconds))
    return {**first, "outcomes": outcomes}


if __name__ == "__main__":
    main()
