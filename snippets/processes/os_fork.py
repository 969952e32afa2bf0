"""os.fork() returns twice: the child's pid in the parent, 0 in the child."""

import os
import sys


def main() -> dict[str, int]:
    parent_pid = os.getpid()
    print(f"parent {parent_pid}: about to fork")
    sys.stdout.flush()  # flush before fork, or the child inherits a copy of the buffer
    read_end, write_end = os.pipe()  # lets the child report back to the parent

    pid = os.fork()  # on failure this raises OSError; it never returns a negative number
    if pid == 0:
        # Child: fork() returned 0. Tell the parent who we are, then leave with os._exit()
        # so the child never runs the parent's remaining code.
        os.close(read_end)
        me, my_parent = os.getpid(), os.getppid()
        print(f"child  {me}: fork() returned 0, my parent is {my_parent}", flush=True)
        os.write(write_end, f"{me} {my_parent}".encode())
        os._exit(7)  # os._exit skips cleanup and buffer flushing: flush first

    os.close(write_end)
    print(f"parent {parent_pid}: fork() returned {pid}, the pid of my child")
    with os.fdopen(read_end) as report:
        child_pid, child_ppid = map(int, report.read().split())
    _, status = os.waitpid(pid, 0)  # reap the child, or it stays a zombie
    exit_code = os.waitstatus_to_exitcode(status)
    print(f"parent {parent_pid}: child {pid} exited with code {exit_code}")
    return {
        "parent_pid": parent_pid,
        "fork_returned": pid,
        "child_pid": child_pid,
        "child_ppid": child_ppid,
        "exit_code": exit_code,
    }


if __name__ == "__main__":
    main()
