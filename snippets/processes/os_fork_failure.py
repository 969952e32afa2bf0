"""When fork() fails, Python raises OSError; it never returns a negative pid."""

import os
import resource
import sys

NOBODY = 65534


def fork_with_no_processes_allowed() -> str:
    """In this process, allow no more processes for our user, then try to fork."""
    if os.geteuid() == 0:  # root ignores RLIMIT_NPROC: become an ordinary user first
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
    try:
        pid = os.fork()
    except OSError as error:
        return f"{type(error).__name__}: {error}"
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return f"fork() returned {pid}"


def main() -> str:
    # The experiment changes the user and limits of the process that runs it, so run it
    # in a child of its own and keep this process as it was.
    sys.stdout.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            outcome = fork_with_no_processes_allowed()
        except OSError as error:
            outcome = f"could not set up the experiment: {error}"
        os.write(write_end, outcome.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as report:
        outcome = report.read()
    os.waitpid(pid, 0)
    print(f"child {pid}, allowed no new process: {outcome}")
    return outcome


if __name__ == "__main__":
    main()
