"""loop.call_soon from another thread: an error in debug mode, a stalled callback otherwise."""

import asyncio
import threading
import time


async def app(method: str, debug: bool, wait: float) -> str:
    loop = asyncio.get_running_loop()
    loop.set_debug(debug)
    ran_at: list[float] = []

    def from_thread() -> None:
        time.sleep(wait / 5)  # meanwhile the loop goes to sleep in select(), waiting for its timer
        schedule = getattr(loop, method)  # loop.call_soon or loop.call_soon_threadsafe
        try:
            schedule(lambda: ran_at.append(loop.time()))
        except RuntimeError as error:
            ran_at.append(-1.0)
            outcome.append(f"RuntimeError: {error}")

    outcome: list[str] = []
    started = loop.time()  # the loop's only timer is due at started + wait
    thread = threading.Thread(target=from_thread)
    thread.start()
    await asyncio.sleep(wait)
    thread.join(timeout=5)
    if not outcome:
        late = ran_at[0] - started >= 0.9 * wait  # (timers may fire a hair early)
        when = "only when the loop's own timer woke it" if late else "before the loop's timer"
        outcome.append(f"the callback ran {when}")
    return outcome[0]


def main(wait: float = 1.0) -> dict[str, str]:
    results = {}
    for method, debug in (
        ("call_soon", True),
        ("call_soon", False),
        ("call_soon_threadsafe", False),
    ):
        results[f"{method}, debug={debug}"] = outcome = asyncio.run(app(method, debug, wait))
        print(f"loop.{method}() from a thread, debug={debug}: {outcome}")
    return results


if __name__ == "__main__":
    main()
