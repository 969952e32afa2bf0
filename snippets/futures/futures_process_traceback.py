"""A process pool's task fails: result() re-raises it with the worker's traceback as __cause__."""

import multiprocessing as mp
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor


def average(values: list[float]) -> float:
    return sum(values) / len(values)


def main(start_method: str | None = None) -> dict:
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context(start_method)) as pool:
        future = pool.submit(average, [])
        try:
            future.result(timeout=60)
        except ZeroDivisionError as error:
            traceback.print_exception(error, file=sys.stdout)
            cause = error.__cause__
    return {"cause_type": type(cause).__name__, "cause_text": str(cause)}


if __name__ == "__main__":
    main()
