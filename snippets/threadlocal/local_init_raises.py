"""When a threading.local subclass's __init__ raises, only that thread's access fails; in CPython
its next access runs __init__ again."""

import sys
import threading


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


class Session(threading.local):
    def __init__(self, /, failing: set[str]) -> None:
        # `failing` is the constructor's argument, the same set in every thread: a thread named
        # in it fails its first __init__, as a first connection attempt might.
        name = threading.current_thread().name
        say(f"  __init__ in {name}")
        if name in failing:
            failing.discard(name)
            raise ConnectionError(f"could not connect in {name}")
        self.owner = name


def main() -> dict[str, str]:
    session = Session(failing={"worker"})
    seen: dict[str, str] = {}

    def worker() -> None:
        for attempt in ("first", "second"):
            try:
                seen[attempt] = f"owner={session.owner}"
            except ConnectionError as error:
                seen[attempt] = f"{type(error).__name__}: {error}"
            say(f"  worker's {attempt} access: {seen[attempt]}")

    thread = threading.Thread(target=worker, name="worker")
    thread.start()
    thread.join()
    seen["main"] = f"owner={session.owner}"
    say(f"main thread afterwards: {seen['main']}")
    return seen


if __name__ == "__main__":
    main()
