"""A child that has ended but has not been waited for is a zombie (state Z) until join()."""

import multiprocessing as mp
import multiprocessing.connection
import os
import time
from multiprocessing.process import BaseProcess  # what every context's Process is
from pathlib import Path


def work(duration: float) -> None:
    time.sleep(duration)


def stat_fields(pid: int) -> tuple[str, str, int] | None:
    """(command name, state, parent pid) from /proc/<pid>/stat; None once the pid is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
    return name, state, int(ppid)


def listing(title: str, pids: list[int]) -> dict[int, str | None]:
    """Print a `ps -o pid,ppid,stat,cmd`-like table read from /proc; return each pid's state."""
    print(title)
    print(f"{'PID':>8} {'PPID':>8} S  CMD")
    states = {}
    for pid in pids:
        fields = stat_fields(pid)
        states[pid] = fields and fields[1]
        if fields is None:
            print(f"{pid:>8} {'':>8} -  (no such process)")
            continue
        name, state, ppid = fields
        if state == "Z":
            command = f"[{name}] <defunct>"
        else:
            argv = Path(f"/proc/{pid}/cmdline").read_text().split("\0")
            command = " ".join([Path(argv[0]).name, *argv[1:]]).split("\n")[0][:80]
        print(f"{pid:>8} {ppid:>8} {state}  {command}")
    return states


def wait_until_exited(process: BaseProcess, timeout: float = 30) -> None:
    """Wait for the child to exit *without reaping it*.

    join(), is_alive(), exitcode and active_children() all call waitpid() and would reap the
    zombie we want to look at. The sentinel becomes readable when the child has exited.
    """
    multiprocessing.connection.wait([process.sentinel], timeout)
    deadline = time.monotonic() + timeout
    while (fields := stat_fields(process.pid)) and fields[1] != "Z":
        if time.monotonic() > deadline:
            raise TimeoutError(f"process {process.pid} did not exit")
        time.sleep(0.01)


def main(short: float = 0.2, long: float = 30.0, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    finisher = ctx.Process(target=work, args=(short,), name="finisher")
    sleeper = ctx.Process(target=work, args=(long,), name="sleeper")
    finisher.start()
    sleeper.start()
    print(f"start method {ctx.get_start_method()}; parent {os.getpid()}")
    print(f"finisher {finisher.pid} works {short} s; sleeper {sleeper.pid} would work {long} s")

    wait_until_exited(finisher)
    sleeper.terminate()  # sends SIGTERM, returns at once
    wait_until_exited(sleeper)
    pids = [os.getpid(), finisher.pid, sleeper.pid]
    before = listing("\nboth children have ended, neither has been joined:", pids)

    finisher.join()
    sleeper.join()
    after = listing("\nafter join():", pids)
    print(f"\nexitcodes: finisher {finisher.exitcode}, sleeper {sleeper.exitcode}")
    return {
        "pids": {"parent": os.getpid(), "finisher": finisher.pid, "sleeper": sleeper.pid},
        "before_join": before,
        "after_join": after,
        "exitcodes": {"finisher": finisher.exitcode, "sleeper": sleeper.exitcode},
    }


if __name__ == "__main__":
    main()
