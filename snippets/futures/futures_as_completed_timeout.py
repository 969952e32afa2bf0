"""as_completed(timeout=...) raises TimeoutError with the unfinished futures still running."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed


def download(name: str, seconds: float, release: threading.Event) -> str:
    release.wait(timeout=seconds)  # stands in for a network wait; release ends it early
    return name


def main(timeout: float = 1.0, quick: float = 0.05, slow: float = 60.0) -> dict:
    release = threading.Event()
    outcome: dict = {"completed": []}
    with ThreadPoolExecutor(max_workers=3) as pool:
        start = time.perf_counter()
        delays = {"small.txt": quick, "big.iso": slow, "huge.iso": slow}
        futures = {pool.submit(download, name, s, release): name for name, s in delays.items()}
        try:
            for future in as_completed(futures, timeout=timeout):
                outcome["completed"].append(future.result())
                print(f"{time.perf_counter() - start:5.2f} s  as_completed: {future.result()}")
        except TimeoutError as error:
            outcome["timed_out_at"] = time.perf_counter() - start
            outcome["running"] = sorted(futures[f] for f in futures if f.running())
            print(f"{outcome['timed_out_at']:5.2f} s  TimeoutError: {error}")
            print(f"{'':5}    still running: {outcome['running']}")
        release.set()  # without it, the with block would wait out their whole sleep
    return outcome


if __name__ == "__main__":
    main()
