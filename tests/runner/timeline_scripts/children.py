"""Two children by the run's start method; one is killed, one becomes a zombie for a while."""

import multiprocessing as mp
import os
import signal
import sys
import time
from pathlib import Path


def finish() -> None:
    pass


def sleep() -> None:
    time.sleep(30)


def state(pid: int) -> str:
    """Its state letter (Z: a zombie), or "gone" once reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return "gone"
    return stat.rpartition(")")[2].split()[0]


def main(zombie_for: float) -> None:
    finisher = mp.Process(target=finish, name="finisher")
    sleeper = mp.Process(target=sleep, name="sleeper")
    sleeper.start()  # first: start() reaps any child that has already ended
    finisher.start()
    # Ended, not reaped: a zombie (a fork server reaps its children at once: gone).
    while state(finisher.pid) not in ("Z", "gone"):
        time.sleep(0.005)
    time.sleep(zombie_for)
    finisher.join()
    os.kill(sleeper.pid, signal.SIGKILL)
    sleeper.join()
    print(finisher.exitcode, sleeper.exitcode)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.2)
