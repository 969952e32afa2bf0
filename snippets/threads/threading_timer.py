"""A Timer runs a function once, in its own thread, after a delay, unless cancelled first."""

import threading
import time


def main(delay: float = 0.5) -> dict[str, object]:
    fired: dict[str, float] = {}
    origin = time.perf_counter()

    def remind(label: str) -> None:
        fired[label] = time.perf_counter() - origin
        print(f"{fired[label]:.2f} s  {label} fired in {threading.current_thread().name}")

    kept = threading.Timer(delay, remind, args=("reminder",))
    cancelled = threading.Timer(delay, remind, args=("cancelled reminder",))
    kept.start()
    cancelled.start()
    cancelled.cancel()  # only works while the timer is still waiting
    print(f"{time.perf_counter() - origin:.2f} s  two timers of {delay} s started, one cancelled")
    kept.join()
    cancelled.join()
    print(f"{time.perf_counter() - origin:.2f} s  fired: {sorted(fired)}")
    return {"delay": delay, "fired": fired}


if __name__ == "__main__":
    main()
