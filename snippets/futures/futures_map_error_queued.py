"""When map()'s iteration meets an error, the queued calls are cancelled; running ones end."""

import functools
import time
from concurrent.futures import ThreadPoolExecutor


def check(n: int, seconds: float, started: list[int], ended: list[int]) -> int:
    started.append(n)
    if n == 0:
        time.sleep(seconds / 4)
        raise ValueError("input 0 is invalid")
    time.sleep(seconds)
    ended.append(n)  # reached only by a call that ran to its end
    return n


def main(inputs: int = 6, seconds: float = 1.0) -> dict:
    started: list[int] = []
    ended: list[int] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        job = functools.partial(check, seconds=seconds, started=started, ended=ended)
        results = pool.map(job, range(inputs))
        try:
            for value in results:
                print(f"got {value}")
        except ValueError as error:
            print(f"the first result raised {error!r}")
    # The with block ran every call still queued and not cancelled, and waited for them all.
    never_ran = [n for n in range(inputs) if n not in started]
    print(f"calls that started: {sorted(started)}")
    print(f"calls that ran to their end: {sorted(ended)}")
    print(f"calls cancelled before they started: {never_ran}")
    return {"started": sorted(started), "ended": sorted(ended), "never_ran": never_ran}


if __name__ == "__main__":
    main()
