"""Every process has a pid, and the pid of the process that started it: its parent."""

import os
from pathlib import Path


def command_name(pid: int) -> str:
    """The short command name Linux keeps for a process (what `ps -o comm` shows)."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def main() -> dict[str, int]:
    pid, ppid = os.getpid(), os.getppid()
    print(f"this process:         pid {pid} ({command_name(pid)})")
    print(f"the one it came from: pid {ppid} ({command_name(ppid)})")
    return {"pid": pid, "ppid": ppid}


if __name__ == "__main__":
    main()
