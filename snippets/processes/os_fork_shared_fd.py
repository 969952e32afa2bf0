"""A file opened before fork() is shared: parent and child use one file offset."""

import os
import sys
import tempfile


def main() -> list[str]:
    sys.stdout.flush()
    with tempfile.TemporaryFile() as log:
        fd = log.fileno()  # opened once, before fork: both processes hold this descriptor

        pid = os.fork()
        if pid == 0:
            os.write(fd, f"child  {os.getpid()} wrote first\n".encode())
            os._exit(0)

        os.waitpid(pid, 0)  # let the child write first
        # Had the child a private offset, this write would land at offset 0 and overwrite
        # the child's line. It lands after it: the offset moved in both processes.
        print(f"parent {os.getpid()}: shared offset is now {os.lseek(fd, 0, os.SEEK_CUR)}")
        os.write(fd, f"parent {os.getpid()} wrote second\n".encode())
        os.lseek(fd, 0, os.SEEK_SET)
        lines = log.read().decode().splitlines()
    for line in lines:
        print(f"file: {line}")
    return lines


if __name__ == "__main__":
    main()
