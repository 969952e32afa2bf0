"""join(timeout) returns None whether or not the thread ended: ask is_alive() afterwards."""

import threading
import time


def main(work: float = 1.0, patience: float = 0.2) -> dict[str, object]:
    thread = threading.Thread(target=time.sleep, args=(work,), name="slow")
    thread.start()
    asked = time.perf_counter()
    returned = thread.join(timeout=patience)  # gives up waiting after `patience` seconds
    waited = time.perf_counter() - asked
    alive_after_timeout = thread.is_alive()
    print(
        f"join(timeout={patience}) returned {returned} after {waited:.2f} s; "
        f"is_alive() = {alive_after_timeout}"
    )
    thread.join()  # no timeout: waits until the thread has ended
    print(f"join() returned; is_alive() = {thread.is_alive()}")
    return {
        "returned": returned,
        "waited": waited,
        "alive_after_timeout": alive_after_timeout,
        "alive_at_end": thread.is_alive(),
    }


if __name__ == "__main__":
    main()
