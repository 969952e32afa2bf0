"""threading.local(): one object, a separate set of attributes for every thread."""

import sys
import threading
import time

request = threading.local()  # module-level, shared by every thread, yet per-thread inside


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def handle(user: str, delay: float, seen: dict[str, str]) -> None:
    request.user = user  # visible only to the thread that set it
    time.sleep(delay)  # meanwhile the other threads set their own request.user
    seen[threading.current_thread().name] = request.user
    say(f"{threading.current_thread().name}: request.user = {request.user!r}")


def main(users: tuple[str, ...] = ("alice", "bob", "carol"), delay: float = 0.2) -> dict:
    seen: dict[str, str] = {}
    threads = [
        threading.Thread(target=handle, args=(user, delay, seen), name=f"worker-{user}")
        for user in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    main_value = getattr(request, "user", "<not set>")
    say(f"{threading.current_thread().name}: request.user = {main_value}")
    return {"seen": seen, "main": main_value}


if __name__ == "__main__":
    main()
