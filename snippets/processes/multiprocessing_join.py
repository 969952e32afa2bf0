"""join() blocks only its caller: the child, and the caller's other threads, keep running."""

import multiprocessing as mp
import os
import threading
import time


def work(duration: float) -> None:
    print(f"child {os.getpid()}: working for {duration:.2f} s")
    time.sleep(duration)
    print(f"child {os.getpid()}: done")


def tick(stop: threading.Event, interval: float, ticks: list[float], t0: float) -> None:
    while not stop.wait(interval):
        ticks.append(time.perf_counter() - t0)


def main(duration: float = 1.0, interval: float = 0.25, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    t0 = time.perf_counter()
    child = ctx.Process(target=work, args=(duration,))
    child.start()  # before starting a thread: forking a multi-threaded process is risky

    stop, ticks = threading.Event(), []
    ticker = threading.Thread(target=tick, args=(stop, interval, ticks, t0))
    ticker.start()

    join_started = time.perf_counter() - t0
    print(f"parent {os.getpid()}: main thread calls join() at {join_started:.2f} s")
    child.join()  # the main thread waits here; the ticker thread does not
    join_ended = time.perf_counter() - t0
    stop.set()
    ticker.join()

    during = [t for t in ticks if join_started < t < join_ended]
    print(f"parent {os.getpid()}: join() returned at {join_ended:.2f} s, exitcode {child.exitcode}")
    shown = ", ".join(f"{t:.2f}" for t in during)
    print(f"meanwhile the parent's ticker thread ticked at: {shown}")
    return {"join_started": join_started, "join_ended": join_ended, "ticks_during_join": during}


if __name__ == "__main__":
    main()
