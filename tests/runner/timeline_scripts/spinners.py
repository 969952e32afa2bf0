"""Two threads, or two processes ($SPINNERS), each computing until it has been on a CPU for
$SPIN_SECONDS."""

import multiprocessing as mp
import os
import threading
import time


def spin(cpu_seconds: float) -> None:
    deadline = time.thread_time() + cpu_seconds
    while time.thread_time() < deadline:
        pass


def main(kind: str, cpu_seconds: float) -> None:
    start = threading.Thread if kind == "threads" else mp.get_context().Process
    workers = [start(target=spin, args=(cpu_seconds,), name=f"spin-{n}") for n in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main(os.environ.get("SPINNERS", "threads"), float(os.environ.get("SPIN_SECONDS", "0.3")))
