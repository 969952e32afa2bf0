"""Executor.map() yields results in the order of its inputs, however the tasks finish."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

finished: list[int] = []
lock = threading.Lock()


def countdown(seconds: float) -> float:
    time.sleep(seconds)
    with lock:
        finished.append(seconds)
    return seconds


def main(delays: tuple[float, ...] = (0.6, 0.2, 0.4)) -> dict:
    finished.clear()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(delays)) as pool:
        results = []
        for result in pool.map(countdown, delays, timeout=30):
            results.append(result)
            print(f"{time.perf_counter() - start:5.2f} s  map() yielded {result}")
    print(f"inputs    {list(delays)}")
    print(f"finished  {finished}")
    print(f"map gave  {results}")
    return {"inputs": list(delays), "results": results, "finished": list(finished)}


if __name__ == "__main__":
    main()
