"""Under asyncio, tasks share the loop thread's threading.local; to_thread code sees another."""

import asyncio
import contextvars
import threading

state = threading.local()
user: contextvars.ContextVar[str] = contextvars.ContextVar("user", default="<not set>")


def read_both() -> tuple[str, str]:
    return getattr(state, "user", "<not set>"), user.get()


async def handle(name: str) -> dict[str, tuple[str, str]]:
    state.user = name  # the loop's thread: one store for every task
    user.set(name)  # this task's context only
    await asyncio.sleep(0)  # the other tasks run and set theirs
    in_loop = read_both()
    # to_thread runs the function in a pool thread, with a copy of this task's context.
    in_pool_thread = await asyncio.to_thread(read_both)
    return {"task": name, "in_loop": in_loop, "in_pool_thread": in_pool_thread}


async def handle_all(names: tuple[str, ...]) -> list[dict]:
    return await asyncio.gather(*(handle(name) for name in names))


def main(names: tuple[str, ...] = ("alice", "bob", "carol")) -> list[dict]:
    results = asyncio.run(handle_all(names))
    print("task    where               threading.local  ContextVar")
    for result in results:
        for where in ("in_loop", "in_pool_thread"):
            from_local, from_context = result[where]
            print(f"{result['task']:<7} {where:<19} {from_local:<16} {from_context}")
    return results


if __name__ == "__main__":
    main()
