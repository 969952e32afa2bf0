"""When map()'s iteration meets an error, the queued calls are cancelled; running ones end."""

import time
from concurrent.futures import ThreadPoolExecutor


def check(n: int, seconds: float, ended: list[int]) -> int:
    if n == 0:
        time.sleep(seconds / 4)
        raise ValueError("input 0 is invalid")
    time.sleep(seconds)
    ended.append(n)  # reached only by a call that ran to its end
    return n


def main(inputs: int = 6, seconds: float = 1.0) -> dict:
    ended: list[int] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(check, range(inputs), [seconds] * inputs, [ended] * inputs)
        try:
            for value in results:
                print(f"got {value}")
        except ValueError as error:
            print(f"the first result raised {error!r}")
    # The with block waited for the calls that were running; the others were never started.
    never_ran = [n for n in range(1, inputs) if n not in ended]
    print(f"calls that ran to their end: {sorted(ended)}")
    print(f"calls cancelled before they started: {never_ran}")
    return {"ended": sorted(ended), "never_ran": never_ran}


if __name__ == "__main__":
    main()
