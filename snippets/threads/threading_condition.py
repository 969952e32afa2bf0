"""A Condition lets consumers sleep until a producer tells them that the state has changed."""

import sys
import threading
import time


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


class Inbox:
    def __init__(self) -> None:
        self.items: list[int] = []
        self.closed = False
        self.changed = threading.Condition()  # a lock plus a way to wait for a change

    def put(self, item: int) -> None:
        with self.changed:
            self.items.append(item)
            self.changed.notify()  # wake one waiting consumer

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()  # wake every consumer so that each can see it

    def take(self, timeout: float) -> int | None:
        with self.changed:
            # wait_for() re-checks the predicate after every wake-up: a wake-up is a hint only.
            if not self.changed.wait_for(lambda: self.items or self.closed, timeout):
                raise TimeoutError(f"nothing arrived for {timeout} s")
            return self.items.pop(0) if self.items else None  # None: closed and empty


def consume(inbox: Inbox, timeout: float, taken: dict[str, list[int]]) -> None:
    name = threading.current_thread().name
    taken[name] = []
    while (item := inbox.take(timeout)) is not None:
        say(f"{name} took {item}")
        taken[name].append(item)
    say(f"{name} finds the inbox closed and empty")


def main(
    items: int = 6, consumers: int = 2, interval: float = 0.1, timeout: float = 5.0
) -> dict[str, list[int]]:
    inbox = Inbox()
    taken: dict[str, list[int]] = {}
    threads = [
        threading.Thread(target=consume, args=(inbox, timeout, taken), name=f"consumer-{i}")
        for i in range(consumers)
    ]
    for thread in threads:
        thread.start()
    for item in range(items):
        say(f"producer puts {item}")
        inbox.put(item)
        time.sleep(interval)
    inbox.close()
    for thread in threads:
        thread.join()
    return taken


if __name__ == "__main__":
    main()
