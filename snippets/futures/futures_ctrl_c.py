"""Ctrl+C in a pool's with block: KeyboardInterrupt in the main thread, then the block waits."""

import os
import signal
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor


def step(seconds: float, started: threading.Event) -> None:
    started.set()
    time.sleep(seconds)


def press_ctrl_c(after: float) -> threading.Timer:
    """SIGINT to this very process, as the terminal sends it when the reader presses Ctrl+C."""
    timer = threading.Timer(after, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    return timer


def states(futures: list[Future]) -> list[str]:
    def state(f: Future) -> str:
        if f.cancelled():
            return "cancelled"
        return "done" if f.done() else "running" if f.running() else "pending"

    return [state(f) for f in futures]


def interrupted(cancel_futures: bool, seconds: float) -> list[str]:
    started = threading.Event()
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:  # task 0 runs, 1-3 queue
            futures = [pool.submit(step, seconds, started) for _ in range(4)]
            started.wait(timeout=30)
            try:
                timer = press_ctrl_c(after=seconds / 4)
                for future in futures:
                    future.result()
            except KeyboardInterrupt:
                where = threading.current_thread().name
                print(f"KeyboardInterrupt in {where}: {states(futures)}")
                if cancel_futures:
                    pool.shutdown(wait=False, cancel_futures=True)
                raise  # on its way out, the with block calls shutdown(wait=True)
    except KeyboardInterrupt:
        timer.join()
        print(f"the with block ended with:   {states(futures)}")
    return states(futures)


def main(seconds: float = 0.8) -> dict[str, list[str]]:
    outcome = {}
    for cancel_futures in (False, True):
        label = "with cancel_futures=True" if cancel_futures else "with the with block alone"
        print(f"--- Ctrl+C {label}")
        outcome[label] = interrupted(cancel_futures, seconds)
    return outcome


if __name__ == "__main__":
    main()
