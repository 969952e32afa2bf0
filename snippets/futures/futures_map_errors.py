"""map() raises a task's exception, or TimeoutError, only when iteration reaches it."""

import time
from concurrent.futures import ThreadPoolExecutor


def invert(x: float) -> float:
    time.sleep(x / 10)
    return 1 / x


def main(timeout: float = 0.5) -> dict:
    outcome: dict = {"yielded": []}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = pool.map(invert, [1, 2, 0, 4])  # nothing raised here: 1/0 waits its turn
        print(f"map() returned {type(results).__name__}, no exception yet")
        try:
            for value in results:
                outcome["yielded"].append(value)
                print(f"got {value}")
        except ZeroDivisionError as error:
            outcome["raised"] = type(error).__name__
            print(f"the third result raised {type(error).__name__}; 1/4 is never yielded")

        # timeout counts from the call to map(), for the whole iteration
        start = time.perf_counter()
        slow = pool.map(time.sleep, [timeout / 5, timeout * 4], timeout=timeout)
        try:
            for _ in slow:
                print(f"{time.perf_counter() - start:.2f} s: first sleep done")
        except TimeoutError:
            outcome["timeout_after"] = time.perf_counter() - start
            print(f"{outcome['timeout_after']:.2f} s: TimeoutError (timeout={timeout})")
    outcome["with_left_after"] = time.perf_counter() - start
    print(f"{outcome['with_left_after']:.2f} s: the with block let go, the long sleep done")
    return outcome


if __name__ == "__main__":
    main()
