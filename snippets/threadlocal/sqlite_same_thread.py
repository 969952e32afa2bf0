"""sqlite3 refuses, by default, a connection used by a thread other than the one that opened it."""

import sqlite3
import threading


def main() -> str:
    connection = sqlite3.connect(":memory:")  # check_same_thread=True by default
    outcome: list[str] = []

    def use_it() -> None:
        try:
            connection.execute("SELECT 1")
            outcome.append("no error")
        except sqlite3.ProgrammingError as error:
            first_sentence = str(error).split(". ")[0]  # the rest names thread ids
            outcome.append(f"{type(error).__name__}: {first_sentence}.")

    thread = threading.Thread(target=use_it)
    thread.start()
    thread.join(timeout=5)
    connection.close()
    print(f"another thread using the main thread's connection: {outcome[0]}")
    return outcome[0]


if __name__ == "__main__":
    main()
