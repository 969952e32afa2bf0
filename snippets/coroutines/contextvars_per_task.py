"""A ``ContextVar`` holds one value per asyncio task; a ``threading.local`` is shared by all."""

import asyncio
import contextvars
import threading

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
thread_state = threading.local()


async def handle(request: str, seconds: float) -> tuple[str, str, str]:
    request_id.set(request)  # each task runs in its own copy of the context
    thread_state.request = request  # every task of this loop runs in the same thread
    await asyncio.sleep(seconds)  # the other tasks set their values meanwhile
    return request, request_id.get(), thread_state.request


async def handle_all(requests: list[str], seconds: float) -> list[tuple[str, str, str]]:
    return await asyncio.gather(*(handle(request, seconds) for request in requests))


def main(requests: tuple[str, ...] = ("req-1", "req-2", "req-3"), seconds: float = 0.1) -> list:
    results = asyncio.run(handle_all(list(requests), seconds))
    print("task    ContextVar  threading.local")
    for request, from_context, from_local in results:
        print(f"{request:<7} {from_context:<11} {from_local}")
    print("outside any task, request_id =", request_id.get())
    return results


if __name__ == "__main__":
    main()
