"""Event.wait(timeout) returns False when the time runs out and True once the event is set."""

import threading
import time


def timed_wait(event: threading.Event, timeout: float) -> tuple[bool, float]:
    start = time.perf_counter()
    result = event.wait(timeout)
    return result, time.perf_counter() - start


def main(timeout: float = 0.5, set_after: float = 0.2) -> dict[str, tuple[bool, float]]:
    event = threading.Event()
    results = {"before set": timed_wait(event, timeout)}

    setter = threading.Timer(set_after, event.set)  # another thread sets the event later
    setter.start()
    results["set while waiting"] = timed_wait(event, timeout)
    setter.join()

    results["already set"] = timed_wait(event, timeout)
    event.clear()
    results["after clear"] = timed_wait(event, timeout)

    for label, (returned, waited) in results.items():
        print(f"{label:<18} wait({timeout}) -> {returned!s:<5} after {waited:.2f} s")
    return results


if __name__ == "__main__":
    main()
