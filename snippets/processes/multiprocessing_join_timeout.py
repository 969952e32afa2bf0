"""join(timeout) returns None whether or not the child has ended: ask is_alive() / exitcode."""

import multiprocessing as mp
import os
import time


def work(duration: float) -> None:
    time.sleep(duration)


def main(duration: float = 2.0, timeout: float = 0.5, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    child = ctx.Process(target=work, args=(duration,))
    child.start()
    print(f"parent {os.getpid()}: child {child.pid} works for {duration:.2f} s")

    t0 = time.perf_counter()
    returned = child.join(timeout)
    waited = time.perf_counter() - t0
    first = {"returned": returned, "alive": child.is_alive(), "exitcode": child.exitcode}
    print(
        f"join({timeout}) returned {returned!r} after {waited:.2f} s: "
        f"is_alive()={first['alive']}, exitcode={first['exitcode']}"
    )

    t0 = time.perf_counter()
    returned = child.join()
    waited_again = time.perf_counter() - t0
    second = {"returned": returned, "alive": child.is_alive(), "exitcode": child.exitcode}
    print(
        f"join() returned {returned!r} after another {waited_again:.2f} s: "
        f"is_alive()={second['alive']}, exitcode={second['exitcode']}"
    )
    return {"first": first, "waited": waited, "second": second, "waited_again": waited_again}


if __name__ == "__main__":
    main()
