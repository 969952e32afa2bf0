"""A pool's threads register the connections they open; the pool's owner closes them all."""

import sqlite3
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

db = threading.local()  # db.connection: this thread's own, for the tasks it runs


class Connections:
    """Every connection the pool's threads opened, for the pool's owner to close."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # several pool threads register at once
        self.opened: list[sqlite3.Connection] = []

    def open(self, path: str) -> sqlite3.Connection:
        # check_same_thread=False only so that the owner can close it from its own thread once
        # the pool's threads have ended; until then, only the thread that opened it uses it.
        connection = sqlite3.connect(path, timeout=10, check_same_thread=False)
        with self._lock:
            self.opened.append(connection)
        return connection

    def close_all(self) -> int:
        for connection in self.opened:
            connection.close()
        return len(self.opened)


def is_open(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:  # "Cannot operate on a closed database."
        return False
    return True


def open_connection(connections: Connections, path: str) -> None:
    """The pool's initializer: runs once in each worker thread, before its first task."""
    db.connection = connections.open(path)


def record(task: int) -> None:
    with db.connection:  # one transaction: commit on success, roll back on error
        db.connection.execute("INSERT INTO log VALUES (?)", (task,))


def main(tasks: int = 6, workers: int = 2) -> dict[str, int]:
    connections = Connections()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "app.db")
        with sqlite3.connect(path) as setup:
            setup.execute("CREATE TABLE log (task INTEGER)")
        setup.close()
        try:
            with ThreadPoolExecutor(
                max_workers=workers,
                initializer=open_connection,
                initargs=(connections, path),
                thread_name_prefix="db",
            ) as pool:
                list(pool.map(record, range(tasks)))
        finally:  # the with block shut the pool down: its threads have ended, none uses these
            closed = connections.close_all()
        with sqlite3.connect(path) as check:
            rows = check.execute("SELECT COUNT(*) FROM log").fetchone()[0]
        check.close()
    opened = len(connections.opened)  # one per thread the pool started: at most max_workers
    still_open = sum(is_open(connection) for connection in connections.opened)
    print(f"{tasks} tasks, {rows} rows written, on {opened} connections the pool's threads opened")
    print(f"after shutdown the pool's owner closed {closed} of them; still open: {still_open}")
    return {"rows": rows, "opened": opened, "closed": closed, "still_open": still_open}


if __name__ == "__main__":
    main()
