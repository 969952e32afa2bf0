"""join() refuses the waits that could never end: on a thread not started, on its own thread."""

import threading


def join_and_report(thread: threading.Thread, what: str, refused: dict[str, str]) -> None:
    try:
        thread.join(timeout=1)
    except RuntimeError as error:
        refused[what] = str(error)
        print(f"{what}: RuntimeError: {error}")


def main() -> dict[str, str]:
    refused: dict[str, str] = {}
    never_started = threading.Thread(target=print)
    join_and_report(never_started, "join() before start()", refused)

    def join_itself() -> None:
        join_and_report(threading.current_thread(), "a thread joining itself", refused)

    itself = threading.Thread(target=join_itself)
    itself.start()
    itself.join()
    return refused


if __name__ == "__main__":
    main()
