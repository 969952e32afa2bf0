"""``wait_for`` is built on ``asyncio.timeout`` since 3.12: no extra task runs the coroutine."""

import asyncio
import sys


async def which_task() -> asyncio.Task:
    await asyncio.sleep(0)
    return asyncio.current_task()


async def compare() -> bool:
    inner = await asyncio.wait_for(which_task(), timeout=5)
    return inner is asyncio.current_task()


def main() -> dict[str, object]:
    same = asyncio.run(compare())
    where = "the caller's own task" if same else "a new task of its own"
    version = f"Python {sys.version_info.major}.{sys.version_info.minor}"
    print(f"{version}: wait_for ran the coroutine in {where}")
    return {"version": list(sys.version_info[:2]), "same task": same}


if __name__ == "__main__":
    main()
