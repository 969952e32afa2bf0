"""Name, ident and native_id: how a thread identifies itself."""

import os
import sys
import threading


def say(message: str) -> None:
    # One write() per line: print() writes text and newline separately, so lines could split.
    sys.stdout.write(f"{message}\n")


def describe(label: str) -> dict[str, object]:
    thread = threading.current_thread()
    info = {
        "label": label,
        "name": thread.name,
        "ident": threading.get_ident(),
        "native_id": threading.get_native_id(),
        "is_main": thread is threading.main_thread(),
        "pid": os.getpid(),
    }
    say(
        f"{label:<8} name={info['name']:<10} ident={info['ident']:<16} "
        f"native_id={info['native_id']:<8} main={info['is_main']} pid={info['pid']}"
    )
    return info


def worker(results: list[dict[str, object]], label: str) -> None:
    results.append(describe(label))


def main() -> list[dict[str, object]]:
    results = [describe("main")]
    threads = [
        threading.Thread(target=worker, args=(results, "named"), name="downloader"),
        threading.Thread(target=worker, args=(results, "unnamed")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
        # Once a thread has ended, its ident may be reused by a new thread.
        say(f"{thread.name} finished: is_alive()={thread.is_alive()} ident={thread.ident}")
    return results


if __name__ == "__main__":
    main()
