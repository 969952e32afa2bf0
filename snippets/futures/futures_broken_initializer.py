"""An initializer that raises breaks the pool: BrokenThreadPool, BrokenProcessPool."""

import multiprocessing as mp
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor, ThreadPoolExecutor


def connect() -> None:
    raise ConnectionError("database unreachable")


def main(start_method: str | None = None) -> dict:
    outcome = {}
    pools = {
        "ThreadPoolExecutor": ThreadPoolExecutor(max_workers=1, initializer=connect),
        "ProcessPoolExecutor": ProcessPoolExecutor(
            max_workers=1, initializer=connect, mp_context=mp.get_context(start_method)
        ),
    }
    for name, pool in pools.items():
        with pool:
            future = pool.submit(pow, 2, 10)
            error = future.exception(timeout=60)
            try:
                pool.submit(pow, 2, 10)
                after = "accepted"
            except BrokenExecutor as refused:
                after = type(refused).__name__
        outcome[name] = {"future": type(error).__name__, "submit_after": after}
        print(f"{name}: the future got {type(error).__name__}: {error}")
        print(f"{name}: submit() afterwards raises {after}")
    return outcome


if __name__ == "__main__":
    main()
