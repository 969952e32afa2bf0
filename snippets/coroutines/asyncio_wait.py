"""``asyncio.wait`` returns when a condition holds, raises nothing and cancels nothing."""

import asyncio


async def job(seconds: float, fail: bool = False) -> str:
    await asyncio.sleep(seconds)
    if fail:
        raise ValueError("bad input")
    return "ok"


def names(tasks: set[asyncio.Task]) -> list[str]:
    return sorted(task.get_name() for task in tasks)


async def run(quick: float, limit: float, slow: float) -> dict[str, list[str]]:
    tasks = {
        asyncio.create_task(job(quick), name="quick"),
        asyncio.create_task(job(2 * quick, fail=True), name="broken"),
        asyncio.create_task(job(slow), name="slow"),
    }
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f"{'FIRST_COMPLETED':<20} done={names(done)}  pending={names(pending)}")
    first = names(done)

    done, pending = await asyncio.wait(pending, timeout=limit)  # returns; raises nothing
    print(f"{f'timeout={limit}':<20} done={names(done)}  pending={names(pending)}")
    for task in done:
        print(f"  {task.get_name()}: exception() -> {task.exception()!r}")
    still = names(pending)

    for task in pending:  # wait() left them running: ending them is up to the caller
        task.cancel()
    await asyncio.wait(pending)  # until they have really ended
    print(f"{'after cancel()':<20} cancelled={names({t for t in tasks if t.cancelled()})}")
    return {"first": first, "timed_out_pending": still}


def main(quick: float = 0.1, limit: float = 0.3, slow: float = 10.0) -> dict[str, list[str]]:
    return asyncio.run(run(quick, limit, slow))


if __name__ == "__main__":
    main()
