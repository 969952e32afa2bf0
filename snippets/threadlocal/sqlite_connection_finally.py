"""One sqlite3 connection per thread, closed in a `finally` by the thread that opened it."""

import queue
import sqlite3
import sys
import tempfile
import threading
from pathlib import Path

db = threading.local()  # db.connection: this thread's own, for the functions it calls


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def record(task: int) -> None:
    """Deep in the thread's calls: finds the thread's connection through the local."""
    with db.connection:  # one transaction: commit on success, roll back on error
        db.connection.execute("INSERT INTO log VALUES (?)", (task,))


def serve(tasks: queue.Queue, path: str, closed: list[str]) -> None:
    db.connection = sqlite3.connect(path, timeout=10)
    try:
        while (task := tasks.get()) is not None:
            record(task)
    finally:  # however the loop ends: this thread opened the connection, this thread closes it
        db.connection.close()
        del db.connection
        closed.append(threading.current_thread().name)
        say(f"{threading.current_thread().name}: closed its connection")


def worker(tasks: queue.Queue, path: str, closed: list[str]) -> None:
    try:
        serve(tasks, path, closed)
    except sqlite3.Error as error:
        say(f"{threading.current_thread().name}: stopped by {type(error).__name__}: {error}")


def main(tasks: tuple[int, ...] = (0, 1, 2, -1, 3, 4), workers: int = 2) -> dict[str, object]:
    closed: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "app.db")
        with sqlite3.connect(path) as setup:  # a task below 0 breaks the table's rule
            setup.execute("CREATE TABLE log (task INTEGER CHECK (task >= 0))")
        setup.close()
        inbox: queue.Queue = queue.Queue()
        for task in [*tasks, *[None] * workers]:  # one None per worker: the sentinels
            inbox.put(task)
        threads = [
            threading.Thread(target=worker, args=(inbox, path, closed), name=f"worker-{i}")
            for i in range(workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with sqlite3.connect(path) as check:
            rows = check.execute("SELECT COUNT(*) FROM log").fetchone()[0]
        check.close()
    say(f"rows written: {rows} of {len(tasks)} tasks")
    say(f"connections closed: {len(closed)} of {workers}")
    return {"rows": rows, "closed": sorted(closed), "threads": sorted(t.name for t in threads)}


if __name__ == "__main__":
    main()
