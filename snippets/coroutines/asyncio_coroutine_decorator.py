"""``@asyncio.coroutine`` (generator-based coroutines) was removed in Python 3.11."""

import asyncio
import inspect
import sys


async def fetch_answer() -> int:
    await asyncio.sleep(0)
    return 42


def main() -> bool:
    print("Python", sys.version.split()[0])
    has_decorator = hasattr(asyncio, "coroutine")
    print("asyncio.coroutine exists:", has_decorator)
    coroutine = fetch_answer()
    print("async def returns a coroutine object:", inspect.iscoroutine(coroutine))
    print("result:", asyncio.run(coroutine))
    return has_decorator


if __name__ == "__main__":
    main()
