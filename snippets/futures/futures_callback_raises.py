"""A done callback that raises is logged by concurrent.futures and skipped; the others still run."""

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor


class Remember(logging.Handler):
    """Keeps what the 'concurrent.futures' logger was given, to print it shortly."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def answer(go: threading.Event) -> int:
    go.wait(timeout=30)
    return 42


def main() -> dict:
    ran: list[str] = []

    def broken(future: Future) -> None:
        ran.append("broken")
        raise ValueError("a bug in the callback")

    def after(future: Future) -> None:
        ran.append("after")

    logger = logging.getLogger("concurrent.futures")
    remember = Remember()
    logger.addHandler(remember)  # with no handler anywhere, logging prints the tracebacks
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            go = threading.Event()
            future = pool.submit(answer, go)  # cannot finish before both callbacks are added
            future.add_done_callback(broken)
            future.add_done_callback(after)
            go.set()
            value = future.result(timeout=30)
        print(f"callbacks that ran, in order: {ran}")
        future.add_done_callback(broken)  # on a done future: runs here, and raises nothing here
        print("add_done_callback(broken) on the done future returned normally")
    finally:
        logger.removeHandler(remember)
    for record in remember.records:
        print(f"{record.name} logged {record.levelname}: {record.exc_info[1]!r}")
    print(f"result() -> {value}, the future untouched by its callbacks")
    return {
        "ran": ran,
        "logged": [(r.name, r.levelname, r.exc_info[1]) for r in remember.records],
        "result": value,
    }


if __name__ == "__main__":
    main()
