"""End every process a run started: Linux's child subreaper, and killing a process tree.

A process that leaves its process group or session (a daemon's double fork, `setsid`,
`Popen(start_new_session=True)`) escapes a group kill, and once its parent has exited it is
no longer anyone's child that a runner knows of. A *child subreaper* gets those orphans back:
whatever a run starts stays below the subreaper until it has ended and been waited for, so
"no child left" means "nothing of the run is left".
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import time
from collections.abc import Callable

from . import procfs

PR_SET_NAME, PR_SET_CHILD_SUBREAPER = 15, 36  # <linux/prctl.h>


def _prctl(option: int, argument: int | bytes, name: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(option, argument, 0, 0, 0) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"prctl({name}): {os.strerror(error)}")


def become_subreaper() -> None:
    """Orphans of this process's descendants come back to it instead of going to init.

    Not inherited by children: each process that reaps a run calls it itself.
    """
    _prctl(PR_SET_CHILD_SUBREAPER, 1, "PR_SET_CHILD_SUBREAPER")


def set_name(name: str) -> None:
    """The short name `ps` and /proc/PID/comm show for this process (at most 15 bytes).

    A snippet that prints its parent's name then shows what started it: the snippet runner.
    """
    _prctl(PR_SET_NAME, name.encode()[:15], "PR_SET_NAME")


def reap_ended(on_reaped: Callable[[int, int], None] | None = None) -> bool:
    """Wait for every child that has ended, without blocking; False once no child is left."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return False
        if pid == 0:
            return True
        if on_reaped is not None:
            on_reaped(pid, status)


def end_tree(
    patience: float = 10.0, on_reaped: Callable[[int, int], None] | None = None
) -> dict[int, str]:
    """SIGKILL every descendant of this process and wait for them all.

    Returns the live processes it killed, pid -> command. Repeats until this process has no
    child left, since a process may fork between being found and being killed (its children
    then come back here: call it from a subreaper).
    """
    killed: dict[int, str] = {}
    me = os.getpid()
    give_up = time.monotonic() + patience
    while reap_ended(on_reaped) and time.monotonic() < give_up:
        for process in procfs.descendants(me):
            if process.alive:
                killed.setdefault(process.pid, procfs.command_line(process.pid))
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGKILL)
        time.sleep(0.002)  # SIGKILL is delivered at once, but the exit takes a moment
    return killed
