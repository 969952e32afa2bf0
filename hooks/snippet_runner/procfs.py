"""What Linux's /proc says of processes (which exist, their parents, groups, commands), CPUs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Process:
    pid: int
    ppid: int
    pgrp: int
    state: str  # "R", "S", "D", "Z" (a zombie: ended, not yet waited for), …

    @property
    def alive(self) -> bool:
        return self.state not in ("Z", "X")


def processes() -> list[Process]:
    """Every process on the machine, zombies included."""
    found = []
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            # "pid (command) state ppid pgrp …"; the command may hold spaces and parentheses.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        found.append(Process(int(stat.parent.name), int(fields[1]), int(fields[2]), fields[0]))
    return found


def live_processes() -> list[Process]:
    """Every process that has not ended (zombies left out)."""
    return [process for process in processes() if process.alive]


def descendants(pid: int, among: list[Process] | None = None) -> list[Process]:
    """The processes below `pid` in the tree of parents, at any depth, zombies included."""
    children: dict[int, list[Process]] = {}
    for process in processes() if among is None else among:
        children.setdefault(process.ppid, []).append(process)
    found: list[Process] = []
    pending = [pid]
    while pending:
        for child in children.get(pending.pop(), ()):
            found.append(child)
            pending.append(child.pid)
    return found


def command_line(pid: int) -> str:
    """How the process was started ("sleep 600"), or "" if it has ended."""
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return ""
    return raw.rstrip(b"\0").replace(b"\0", b" ").decode(errors="replace")


def busy_seconds() -> float | None:
    """CPU seconds every core of the machine has spent busy since boot (/proc/stat), or None."""
    try:
        fields = [
            int(value) for value in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:9]
        ]
    except (OSError, ValueError):
        return None
    idle, iowait = fields[3], fields[4]
    return (sum(fields) - idle - iowait) / os.sysconf("SC_CLK_TCK")
