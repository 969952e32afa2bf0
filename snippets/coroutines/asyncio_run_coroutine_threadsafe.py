"""From a thread: run_coroutine_threadsafe submits a coroutine, call_soon_threadsafe a call."""

import asyncio
import concurrent.futures
import threading


async def lookup(key: str) -> str:
    await asyncio.sleep(0.01)  # stands in for a query made with an asyncio driver
    return f"{key}={len(key)} (looked up in {threading.current_thread().name})"


def legacy_worker(loop: asyncio.AbstractEventLoop, progress: list[str]) -> list[str]:
    """Ordinary blocking code in a worker thread that needs the event loop's services."""
    answers = []
    for key in ("alpha", "beta"):
        # A concurrent.futures.Future, not an asyncio.Future: its result() blocks this thread
        # (not the loop) until the coroutine is done.
        future: concurrent.futures.Future[str] = asyncio.run_coroutine_threadsafe(lookup(key), loop)
        answer = future.result(timeout=5)
        answers.append(f"{threading.current_thread().name} got {answer}")
        # A plain function to run in the loop's thread (here: append to a list the loop owns).
        loop.call_soon_threadsafe(progress.append, f"{key} done")
    return answers


async def app() -> tuple[list[str], list[str]]:
    progress: list[str] = []
    loop = asyncio.get_running_loop()
    # Both callbacks were queued before to_thread's result, so both have run by now.
    answers = await asyncio.to_thread(legacy_worker, loop, progress)
    return answers, progress


def main() -> dict[str, list[str]]:
    answers, progress = asyncio.run(app())
    for answer in answers:
        print(answer)
    print(f"progress recorded on the loop: {progress}")
    return {"answers": answers, "progress": progress}


if __name__ == "__main__":
    main()
