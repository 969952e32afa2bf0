"""A run's own folder: made for the run, the disk it takes measured, removed afterwards.

`make(parent, name)` makes the folder; `DiskUse(folder)` measures what the files below it
take on disk, every few hundredths of a second while it grows, less often while it does not
(inotify would save the walks, but a user has 128 inotify instances on most machines, fewer
than a cold build has runs at once); `remove(folder)` removes it with everything in it,
whatever the run did to its permissions. Standard library only (the supervisor's).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

# How often the disk a run's folder takes is measured: often while it grows, less when it does
# not (a walk of a small folder costs some microseconds; a cold build has many runs at once).
EVERY = (0.05, 0.25)  # seconds: while it grows, at most


def make(parent: Path, name: str) -> Path:
    """A new, empty folder for one run, that only this user can enter."""
    folder = parent / name
    folder.mkdir(mode=0o700)
    return folder


def remove(folder: Path) -> None:
    """Remove `folder` and everything in it, even what the run made unreadable."""
    if not folder.exists():
        return
    try:
        shutil.rmtree(folder)
    except OSError:
        for root, folders, _ in os.walk(folder):  # top-down: opened before entered
            for name in folders:
                with contextlib.suppress(OSError):
                    os.chmod(os.path.join(root, name), 0o700, follow_symlinks=False)
        shutil.rmtree(folder, ignore_errors=True)


def disk_used(folder: str) -> int:
    """The bytes the files below `folder` take on disk (their blocks: a sparse file counts
    what it holds), symbolic links not followed; what vanishes meanwhile is not counted."""
    used = 0
    pending = [folder]
    while pending:
        with contextlib.suppress(OSError), os.scandir(pending.pop()) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    used += entry.stat(follow_symlinks=False).st_blocks * 512
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
    return used


class DiskUse:
    """The disk a run's folder takes, measured when due: `due()` says in how many seconds."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self.used = self.most = 0
        self.every = EVERY[0]
        self.next = time.monotonic() + self.every

    def due(self) -> float:
        return max(0.0, self.next - time.monotonic())

    def measure(self) -> int:
        """Measure now if due; the bytes used (as last measured)."""
        if self.due() == 0:
            used = disk_used(self.folder)
            grew = used > self.used
            self.used, self.most = used, max(self.most, used)
            self.every = EVERY[0] if grew else min(EVERY[1], self.every * 2)
            self.next = time.monotonic() + self.every
        return self.used
