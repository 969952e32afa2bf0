"""A line written before fork() but not yet flushed is written twice: once by each process."""

import io
import os
import sys


def run(flush_before_fork: bool) -> list[str]:
    """Write through a block-buffered text stream on a pipe, fork, return what the pipe got."""
    read_end, write_end = os.pipe()
    # What sys.stdout is when it goes to a pipe or a file: a text stream with an 8 KiB buffer.
    with open(write_end, "w", buffering=io.DEFAULT_BUFFER_SIZE) as out:
        out.write("hello from before fork()\n")  # sits in this process's buffer
        if flush_before_fork:
            out.flush()

        sys.stdout.flush()
        pid = os.fork()  # the child gets a copy of everything, the unwritten buffer too
        if pid == 0:
            os.close(read_end)
            out.write(f"child  {os.getpid()}\n")
            out.close()  # flushes the child's copy of the buffer
            os._exit(0)

        out.write(f"parent {os.getpid()}\n")
    with os.fdopen(read_end) as pipe:
        lines = pipe.read().splitlines()
    os.waitpid(pid, 0)
    return lines


def main() -> dict[bool, list[str]]:
    results = {}
    for flush_before_fork in (False, True):
        lines = run(flush_before_fork)
        results[flush_before_fork] = lines
        print(f"flush before fork: {flush_before_fork}, the pipe received:")
        for line in lines:
            print(f"    {line}")
    return results


if __name__ == "__main__":
    main()
