"""Ctrl+C during join(): KeyboardInterrupt is raised in the parent, and the child runs on."""

import multiprocessing as mp
import os
import signal
import threading
import time


def work(duration: float) -> None:
    time.sleep(duration)


def press_ctrl_c() -> None:
    """Stands for the reader pressing Ctrl+C: SIGINT to this process, as `kill -INT` sends it."""
    os.kill(os.getpid(), signal.SIGINT)


def main(after: float = 1.0, duration: float = 60.0, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    child = ctx.Process(target=work, args=(duration,))
    child.start()  # before the timer's thread: fork copies only the calling thread
    print(f"child {child.pid} works {duration} s; Ctrl+C comes in {after} s")
    threading.Timer(after, press_ctrl_c).start()
    try:
        child.join()
        interrupted = "nothing"
    except KeyboardInterrupt:
        interrupted = "KeyboardInterrupt"
    alive = child.is_alive()
    print(f"join() raised {interrupted}; the child is_alive() -> {alive}")
    child.terminate()  # the interrupt stopped the wait, not the child: stop it, then reap it
    child.join()
    print(f"after terminate() and join(): exitcode {child.exitcode}")
    return {"interrupted": interrupted, "alive": alive, "exitcode": child.exitcode}


if __name__ == "__main__":
    main()
