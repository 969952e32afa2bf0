"""Measurements run with nothing else of the build beside them: one lock, shared or alone.

Every part of a build that uses the CPU holds the lock shared: each snippet run, each notebook
while it executes, the pages being rendered. A measurement (an alone="1" block, a lab cell
tagged "measure") holds it alone, so it starts once everything else has let go and nothing
starts until it is done. It is a file lock (flock(2)), so other processes take part: the
notebook worker's children, and a test session that builds the site beside its other tests.

Each holder opens the file itself: flock treats every open file as its own holder, even two
in one process, so one thread's measurement waits for another thread's shared hold too.

flock alone would let shared holders keep coming while a measurement waits, for as long as
they overlap (a busy test session: for ever). A second file is the turnstile: a measurement
takes it first and keeps it, and a shared holder passes through it before taking the lock, so
once a measurement waits, nothing new starts before it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .snippet import ROOT

LOCK = ROOT / ".cache" / "quiet.lock"


def _turnstile(lock: Path) -> Path:
    return lock.with_name(f"{lock.name}.turnstile")


def _locked(mode: int, path: Path) -> int:
    """A new open file of the lock, locked in `mode`; closing it releases the lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)  # a run may not write
    try:
        fcntl.flock(fd, mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _take_shared(path: Path) -> int:
    os.close(_locked(fcntl.LOCK_SH, _turnstile(path)))  # pass: wait while a measurement waits
    return _locked(fcntl.LOCK_SH, path)


@contextmanager
def shared(path: Path = LOCK) -> Iterator[None]:
    """Hold the lock beside other shared holders; wait while a measurement holds it or waits."""
    fd = _take_shared(path)
    try:
        yield
    finally:
        os.close(fd)


@contextmanager
def alone(path: Path = LOCK) -> Iterator[None]:
    """Hold the lock alone: wait until nothing else holds it, and keep everything else out."""
    turnstile = _locked(fcntl.LOCK_EX, _turnstile(path))
    try:
        fd = _locked(fcntl.LOCK_EX, path)
        try:
            yield
        finally:
            os.close(fd)
    finally:
        os.close(turnstile)


class Holder:
    """A shared hold that can be let go while its owner waits for others (and taken again)."""

    def __init__(self, path: Path = LOCK) -> None:
        self.path = path
        self._fd: int | None = None

    def take(self) -> None:
        if self._fd is None:
            self._fd = _take_shared(self.path)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    @contextmanager
    def let_go(self) -> Iterator[None]:
        """Release for the block (to wait for a notebook that may need to measure)."""
        held = self._fd is not None
        self.release()
        try:
            yield
        finally:
            if held:
                self.take()
