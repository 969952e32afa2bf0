"""A forked child that has exited is a zombie (state Z) until its parent calls os.waitpid().

Linux only: it reads /proc/<pid>/stat, and calls os.waitid(), which macOS does not have.
"""

import os
from pathlib import Path


def state(pid: int) -> str:
    """The state letter of /proc/<pid>/stat (R, S, Z, ...), or "gone" once the pid is no more."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return "gone"
    return stat[stat.rindex(")") + 2]  # after the command name, which may hold spaces


def main() -> dict[str, object]:
    pid = os.fork()
    if pid == 0:
        os._exit(3)  # the child ends at once

    # Wait until the child has exited, without reaping it (WNOWAIT): waitpid() would reap it.
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    before = state(pid)
    print(f"child {pid} has exited, nobody has waited for it: state {before}")
    _, status = os.waitpid(pid, 0)  # collects the exit status: the zombie is removed
    code = os.waitstatus_to_exitcode(status)
    after = state(pid)
    print(f"os.waitpid() collected exit code {code}; /proc/{pid} is now: {after}")
    return {"before": before, "exit_code": code, "after": after}


if __name__ == "__main__":
    main()
