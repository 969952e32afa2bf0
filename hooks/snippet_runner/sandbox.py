"""What a run may touch: a folder of its own, no writes elsewhere, ceilings on processes and disk.

The supervisor's reaper uses it on both sides of the fork that starts a run's command:

- `Sandbox(request, parent)`, in the reaper: the run's folder, made below `parent` (its working
  directory unless the request names another one, and its $TMPDIR; IPython and Jupyter keep
  their files there too), and the environment the command gets;
- `confine()`, in the forked child just before exec: from then on the run writes only in its
  folder, in what the request names besides (the runner's own files for the run), in
  /dev/shm (multiprocessing's semaphores and shared memory) and to a few devices
  (`landlock`); and each new process it makes waits for the reaper's leave (`process_ceiling`);
- in the reaper again: `started()` takes what the child handed over; `waitables()` are the
  descriptors to wait on and `due()` the seconds until the disk is measured again; `check()`
  says which ceiling the run has passed, if any ("processes", "disk"); and `close()` removes
  the folder with everything in it, once the run has ended.

What a kernel cannot do is reported (`unconfined`), never skipped silently: the run still
runs, with the other limits. Standard library only (the supervisor's).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
from pathlib import Path

from . import landlock, process_ceiling, run_folder

# What any run may write besides its folder: shared memory (multiprocessing's semaphores and
# shared blocks), devices that keep nothing, and pseudo-terminals (the pty module).
SHARED = (
    "/dev/shm",
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/random",
    "/dev/urandom",
    "/dev/tty",
    "/dev/ptmx",
    "/dev/pts",
)


class Sandbox:
    """One run's folder, confinement and ceilings, from the run's request."""

    def __init__(self, request: dict, parent: Path) -> None:
        limits = request["limits"]
        self.processes: int = limits.get("processes") or 0
        self.disk: int = limits.get("disk") or 0
        self.folder = run_folder.make(parent, str(os.getpid()))
        self.cwd = request.get("cwd") or str(self.folder)
        self.writable = [str(self.folder), *request.get("writable", ())]
        self.env = request["env"] | {
            "TMPDIR": str(self.folder),
            "IPYTHONDIR": str(self.folder / ".ipython"),
            "JUPYTER_RUNTIME_DIR": str(self.folder / ".jupyter"),
            # Bytecode of the project's modules would be written into the project.
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.unconfined: list[str] = []
        self.ceiling: process_ceiling.Ceiling | None = None
        self.usage = run_folder.DiskUse(self.folder)
        self._ours, self._theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)

    def confine(self) -> None:
        """In the child, just before exec: confine it, and hand the reaper its listener."""
        self._ours.close()
        unconfined, listener = [], []
        try:
            landlock.confine_writes([*self.writable, *SHARED])
        except OSError as error:
            unconfined.append(f"writes outside its folder are not prevented: {error}")
        if self.processes:
            try:
                listener.append(process_ceiling.install())
            except OSError as error:
                unconfined.append(f"no ceiling on its processes: {error}")
        with contextlib.suppress(OSError):
            socket.send_fds(self._theirs, [json.dumps(unconfined).encode()], listener)
        for fd in listener:
            os.close(fd)
        self._theirs.close()

    def started(self, child: int) -> None:
        """In the reaper, once `child` is forked: what it handed over (nothing if it failed)."""
        self._theirs.close()
        with self._ours:
            try:
                message, fds, _, _ = socket.recv_fds(self._ours, 1 << 16, 1)
            except OSError:
                message, fds = b"", []
        if message:
            self.unconfined += json.loads(message)
        if fds:
            self.ceiling = process_ceiling.Ceiling(fds[0], self.processes, os.getpid(), child)

    def waitables(self) -> list[int]:
        """Descriptors readable when the run asks for a new process."""
        listener = None if self.ceiling is None else self.ceiling.fileno()
        return [] if listener is None else [listener]

    def due(self) -> float:
        """Seconds until the disk its folder takes must be measured again."""
        return self.usage.due() if self.disk else float("inf")

    def check(self, readable: list) -> str | None:
        """The ceiling the run has passed ("processes", "disk"), if any, once woken."""
        ceiling = self.ceiling
        if ceiling is not None and ceiling.fileno() in readable and ceiling.answer():
            return "processes"
        if self.disk and self.usage.measure() > self.disk:
            return "disk"
        return None

    def report(self) -> dict:
        """What the run's reaper tells of it, beside how it ended."""
        return {
            "folder": str(self.folder),
            "processes": self.ceiling.most if self.ceiling is not None else 0,
            "disk": self.usage.most,
            "unconfined": self.unconfined,
        }

    def close(self) -> None:
        """Once nothing of the run is left: stop watching, remove its folder and all in it."""
        if self.ceiling is not None:
            self.ceiling.close()
        run_folder.remove(self.folder)


def runs_folder() -> Path:
    """Where one supervisor's runs have their folders (removed when the supervisor ends)."""
    return Path(tempfile.mkdtemp(prefix="snippet-runs-"))
