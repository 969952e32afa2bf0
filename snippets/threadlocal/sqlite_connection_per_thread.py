"""One sqlite3 connection per pool thread: opened by the pool's initializer, kept in a local."""

import sqlite3
import sys
import tempfile
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

db = threading.local()  # db.link: this thread's own connection
closed: list[str] = []  # which threads' connections have been closed


def close(connection: sqlite3.Connection, opened_by: str) -> None:
    connection.close()
    closed.append(opened_by)


class Link:
    """A thread's connection, closed when the thread ends and its locals are released."""

    def __init__(self, path: str) -> None:
        self.opened_by = threading.current_thread().name
        self.connection = sqlite3.connect(path, timeout=10)  # usable in this thread only
        # Runs when this object is freed: at the end of the thread, in that same thread,
        # which is the only one allowed to close the connection.
        weakref.finalize(self, close, self.connection, self.opened_by)


def open_connection(path: str) -> None:
    """The pool's initializer: runs once in each worker thread, before its first task."""
    db.link = Link(path)


def record(task: int) -> tuple[int, str, str]:
    """A task: uses the connection of whichever worker thread runs it."""
    link = db.link
    with link.connection:  # one transaction: commit on success, roll back on error
        link.connection.execute("INSERT INTO log VALUES (?, ?)", (task, link.opened_by))
    name = threading.current_thread().name
    sys.stdout.write(f"  task {task} ran on {name}, with the connection {link.opened_by} opened\n")
    return task, name, link.opened_by


def main(tasks: int = 6, workers: int = 2) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "app.db")
        setup = sqlite3.connect(path)
        with setup:
            setup.execute("CREATE TABLE log (task INTEGER, opened_by TEXT)")
        setup.close()
        with ThreadPoolExecutor(
            max_workers=workers,
            initializer=open_connection,
            initargs=(path,),
            thread_name_prefix="db",
        ) as pool:
            runs = list(pool.map(record, range(tasks)))
        # Leaving the with block joined the pool's threads: each ended and released its locals.
        check = sqlite3.connect(path)
        rows = check.execute("SELECT COUNT(*) FROM log").fetchone()[0]
        check.close()
    threads = sorted({name for _, name, _ in runs})
    print(f"{tasks} tasks ran on {len(threads)} threads; {rows} rows written")
    print(f"connections closed as their threads ended: {len(closed)}")
    return {"runs": runs, "rows": rows, "threads": threads, "closed": sorted(closed)}


if __name__ == "__main__":
    main()
