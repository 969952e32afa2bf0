"""How fast a worker stops: the seed's flag checked between sleeps, against Event.wait()."""

import threading
import time
from collections.abc import Callable


class Flag:
    """The seed's global stop_flag, in an object so that each run gets a fresh one."""

    def __init__(self) -> None:
        self.stop = False

    def set(self) -> None:
        self.stop = True


def poll_flag(flag: Flag, interval: float, exited: list[float]) -> None:
    while not flag.stop:
        time.sleep(interval)  # a stop request made now is seen only after the sleep
    exited.append(time.perf_counter())


def wait_event(stop: threading.Event, interval: float, exited: list[float]) -> None:
    while not stop.wait(interval):  # returns True the moment stop.set() is called
        pass  # one round of periodic work goes here
    exited.append(time.perf_counter())


def stop_latency(
    worker: Callable[..., None], signal: Flag | threading.Event, interval: float, run_for: float
) -> float:
    """Seconds from the stop request until the worker has left its loop."""
    exited: list[float] = []
    thread = threading.Thread(target=worker, args=(signal, interval, exited))
    thread.start()
    time.sleep(run_for)
    requested = time.perf_counter()
    signal.set()
    thread.join()
    return exited[0] - requested


def main(interval: float = 1.0, run_for: float = 1.5) -> dict[str, float]:
    results = {
        "flag": stop_latency(poll_flag, Flag(), interval, run_for),
        "event": stop_latency(wait_event, threading.Event(), interval, run_for),
    }
    print(f"checked every {interval} s, stop requested after {run_for} s:")
    for style, loop in (
        ("flag", "while not stop_flag: sleep()"),
        ("event", "while not stop.wait()"),
    ):
        print(f"  {loop:<29} stopped {results[style] * 1000:6.1f} ms after the request")
    return results


if __name__ == "__main__":
    main()
