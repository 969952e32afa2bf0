"""Patching too late: a ``sleep`` imported before ``monkey.patch_all()`` still blocks everything."""

from time import sleep  # bound now, to the original blocking function

from gevent import monkey

monkey.patch_all()  # replaces time.sleep in the module, not the name bound above

import time  # noqa: E402

import gevent  # noqa: E402


def fetch(name: str, seconds: float, events: list[str], t0: float) -> None:
    events.append(f"start {name}")
    print(f"{time.perf_counter() - t0:5.2f}s {name} starts")
    sleep(seconds)  # the original: the whole thread, every greenlet in it, waits
    events.append(f"done {name}")
    print(f"{time.perf_counter() - t0:5.2f}s {name} done")


def main(count: int = 3, seconds: float = 0.5) -> dict:
    events: list[str] = []
    t0 = time.perf_counter()
    gevent.joinall(
        [gevent.spawn(fetch, f"g{i}", seconds, events, t0) for i in range(count)],
        raise_error=True,
    )
    elapsed = time.perf_counter() - t0
    print(f"time.sleep is patched: {time.sleep is not sleep}; the early-bound sleep is not")
    print(f"{count} greenlets sleeping {seconds}s each took {elapsed:.2f}s")
    return {"events": events, "elapsed": elapsed}


if __name__ == "__main__":
    main()
