"""fork() copies only the thread that calls it; since Python 3.12 doing so warns."""

import os
import sys
import threading
import warnings


def main() -> dict[str, object]:
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait, name="helper")
    helper.start()
    parent_threads = threading.active_count()
    print(f"Python {sys.version_info.major}.{sys.version_info.minor}")
    print(f"parent {os.getpid()}: {parent_threads} threads before fork()")

    sys.stdout.flush()
    read_end, write_end = os.pipe()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pid = os.fork()
        if pid == 0:
            # Only the forking thread exists here; "helper" was not copied. A lock it held
            # at the moment of fork() would stay locked in the child forever.
            os.write(write_end, str(threading.active_count()).encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as report:
        child_threads = int(report.read())
    os.waitpid(pid, 0)
    stop.set()
    helper.join()

    print(f"child  {pid}: {child_threads} thread after fork()")
    fork_warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    for warning in fork_warnings:
        print(warning)
    if not fork_warnings:
        print("no warning (Python 3.12 and later warn here)")
    return {
        "parent_threads": parent_threads,
        "child_threads": child_threads,
        "warnings": fork_warnings,
    }


if __name__ == "__main__":
    main()
