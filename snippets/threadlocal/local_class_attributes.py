"""Class attributes of a threading.local subclass are shared; instance attributes are per thread."""

import sys
import threading
from typing import ClassVar


class Request(threading.local):
    shared_log: ClassVar[list[str]] = []  # a class attribute: ONE list for every thread

    def __init__(self) -> None:
        self.log: list[str] = []  # set in __init__: a new list in every thread


request = Request()


def handle(name: str, step: threading.Barrier) -> None:
    request.shared_log.append(name)  # mutates the class's list: every thread sees it
    request.log.append(name)  # mutates this thread's own list
    step.wait(timeout=5)  # every thread has written before any reads
    sys.stdout.write(f"{name}: log={request.log} shared_log={sorted(request.shared_log)}\n")


def main(names: tuple[str, ...] = ("alice", "bob")) -> dict:
    step = threading.Barrier(len(names))
    threads = [threading.Thread(target=handle, args=(name, step)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = {"shared_log": sorted(Request.shared_log), "main_log": request.log}
    print(f"main: log={request.log} shared_log={result['shared_log']}")
    return result


if __name__ == "__main__":
    main()
