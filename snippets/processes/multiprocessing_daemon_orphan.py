"""A daemon child outlives a parent that ends by os._exit() or SIGKILL: nothing terminates it."""

import multiprocessing as mp
import os
import signal
import time
from multiprocessing.queues import SimpleQueue
from multiprocessing.synchronize import Event


def daemon_child(news: SimpleQueue, started: Event, stop: Event, patience: float) -> None:
    news.put(os.getpid())
    started.set()
    if stop.wait(patience):  # set by the program once this child's parent is gone
        news.put(f"daemon child {os.getpid()}: still running, stopping now")


def parent(
    ending: str,
    news: SimpleQueue,
    started: Event,
    stop: Event,
    patience: float,
    start_method: str | None,
) -> None:
    child = mp.get_context(start_method).Process(  # the program's start method, here too
        target=daemon_child, args=(news, started, stop, patience), daemon=True
    )
    child.start()
    started.wait(patience)  # end only once the child runs
    if ending == "SIGKILL":
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(0)  # both skip the exit handler that terminates daemon children


def wait_until_gone(pid: int, patience: float) -> None:
    """Until the orphan has ended and its new parent (init, a subreaper) has reaped it."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)  # signal 0 only asks whether the process exists
        except ProcessLookupError:
            return
        time.sleep(0.01)
    raise TimeoutError(f"process {pid} still exists after {patience} s")


def main(patience: float = 30.0, start_method: str | None = None) -> list[dict]:
    ctx = mp.get_context(start_method)
    outcomes = []
    for ending in ("os._exit(0)", "SIGKILL"):
        news, started, stop = ctx.SimpleQueue(), ctx.Event(), ctx.Event()
        process = ctx.Process(
            target=parent, args=(ending, news, started, stop, patience, start_method)
        )
        process.start()
        process.join()
        orphan = news.get()
        print(f"parent ended by {ending}: exitcode {process.exitcode}")
        stop.set()  # the parent is gone and reaped: only a live orphan can answer
        answer = news.get()
        print(f"    {answer}")
        wait_until_gone(orphan, patience)
        print(f"    daemon child {orphan} has ended: nothing is left")
        outcomes.append({"ending": ending, "exitcode": process.exitcode, "answer": answer})
    return outcomes


if __name__ == "__main__":
    main()
