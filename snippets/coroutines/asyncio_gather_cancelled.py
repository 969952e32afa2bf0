"""Cancelling a ``gather`` cancels its running children; a done one keeps its result."""

import asyncio


async def fetch(name: str, seconds: float) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"{name} got CancelledError at its await")
        raise
    print(f"{name} finished")
    return f"{name} data"


async def collect(*children: asyncio.Task) -> list[str]:
    return await asyncio.gather(*children)


async def main_async(quick: float, slow: float) -> dict[str, str]:
    children = {
        "quick": asyncio.create_task(fetch("quick", quick)),
        "slow-1": asyncio.create_task(fetch("slow-1", slow)),
        "slow-2": asyncio.create_task(fetch("slow-2", slow)),
    }
    waiter = asyncio.create_task(collect(*children.values()))
    await asyncio.wait([children["quick"]])  # one child done, the other two still sleeping
    print("cancelling the task that awaits gather(quick, slow-1, slow-2)")
    waiter.cancel()
    try:
        await waiter
    except asyncio.CancelledError:
        print("the awaiting task ended cancelled")
    outcome = {}
    for name, child in children.items():
        outcome[name] = "cancelled" if child.cancelled() else f"result {child.result()!r}"
        print(f"{name:<6}: {outcome[name]}")
    return outcome


def main(quick: float = 0.1, slow: float = 60.0) -> dict[str, str]:
    return asyncio.run(main_async(quick, slow))


if __name__ == "__main__":
    main()
