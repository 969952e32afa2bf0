"""Start two threads, passing arguments by position (args) and by keyword (kwargs)."""

import sys
import threading
import time


def say(message: str) -> None:
    # print() writes the text and the newline in two calls, and another thread's output can
    # land in between; a single write() keeps each line whole.
    sys.stdout.write(f"{message}\n")


def sing(times: int, delay: float, log: list[tuple[str, str, int]]) -> None:
    name = threading.current_thread().name
    for i in range(times):
        say(f"{name}: sing {i + 1}/{times}")
        log.append((name, "sing", i))
        time.sleep(delay)


def dance(times: int, delay: float, log: list[tuple[str, str, int]]) -> None:
    name = threading.current_thread().name
    for i in range(times):
        say(f"{name}: dance {i + 1}/{times}")
        log.append((name, "dance", i))
        time.sleep(delay)


def main(times: int = 3, delay: float = 0.5) -> dict[str, object]:
    log: list[tuple[str, str, int]] = []
    singer = threading.Thread(target=sing, name="singer", args=(times, delay, log))
    dancer = threading.Thread(
        target=dance, name="dancer", kwargs={"times": times, "delay": delay, "log": log}
    )
    start = time.perf_counter()
    singer.start()
    dancer.start()
    singer.join()
    dancer.join()
    elapsed = time.perf_counter() - start
    say(f"{times} songs and {times} dances of {delay} s each took {elapsed:.2f} s")
    return {"log": log, "elapsed": elapsed}


if __name__ == "__main__":
    main()
