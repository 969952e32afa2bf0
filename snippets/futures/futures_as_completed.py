"""as_completed() yields futures in the order they finish, not the order they were submitted."""

import time
from concurrent.futures import ThreadPoolExecutor, as_completed


def download(name: str, seconds: float) -> str:
    time.sleep(seconds)  # stands in for a network wait
    return name


def main(delays: dict[str, float] | None = None) -> dict:
    delays = delays or {"big.iso": 0.9, "small.txt": 0.1, "medium.zip": 0.5}
    with ThreadPoolExecutor(max_workers=len(delays)) as pool:
        start = time.perf_counter()
        futures = {pool.submit(download, name, s): name for name, s in delays.items()}
        in_order = []
        for future in as_completed(futures, timeout=30):
            in_order.append(future.result())
            print(f"{time.perf_counter() - start:5.2f} s  as_completed: {future.result()}")
    return {"submitted": list(delays), "completed": in_order}


if __name__ == "__main__":
    main()
