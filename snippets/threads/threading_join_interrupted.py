"""Ctrl+C interrupts join() in the main thread; the thread runs on until it is told to stop."""

import os
import signal
import threading
import time


def press_ctrl_c() -> None:
    """Stands for the reader pressing Ctrl+C: SIGINT to this process."""
    os.kill(os.getpid(), signal.SIGINT)


def work(stop: threading.Event, cleaned_up: threading.Event, tick: float, clean_up: float) -> None:
    while not stop.wait(tick):  # one step of work per tick; wakes at once when told to stop
        pass
    time.sleep(clean_up)  # stands for closing what the thread opened
    cleaned_up.set()


def main(press_after: float = 0.5, tick: float = 0.1, clean_up: float = 0.5) -> dict[str, bool]:
    stop, cleaned_up = threading.Event(), threading.Event()
    worker = threading.Thread(target=work, args=(stop, cleaned_up, tick, clean_up), name="worker")
    ctrl_c = threading.Timer(press_after, press_ctrl_c)
    worker.start()
    interrupted = alive_when_interrupted = False
    try:
        ctrl_c.start()
        print("main: join() waits for the worker")
        worker.join()
    except KeyboardInterrupt:
        interrupted, alive_when_interrupted = True, worker.is_alive()
        print(f"main: KeyboardInterrupt in join(); worker.is_alive() = {alive_when_interrupted}")
    finally:  # however join() ended, the worker must be told to stop, and waited for
        print("main: stop.set(), then join() again")
        stop.set()
        worker.join()
        ctrl_c.join()
    print(
        f"main: join() returned; worker.is_alive() = {worker.is_alive()}, "
        f"it had cleaned up: {cleaned_up.is_set()}"
    )
    return {
        "interrupted": interrupted,
        "alive_when_interrupted": alive_when_interrupted,
        "cleaned_up": cleaned_up.is_set(),
    }


if __name__ == "__main__":
    main()
