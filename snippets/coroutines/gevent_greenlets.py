"""gevent runs greenlets in one OS thread; ``monkey.patch_all()`` makes ``time.sleep`` yield."""

from gevent import monkey

# Before any other import: modules imported earlier keep the blocking originals.
monkey.patch_all()

import threading  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402


def fetch(name: str, seconds: float, events: list[str], t0: float) -> tuple[str, int, int]:
    events.append(f"start {name}")
    print(f"{time.perf_counter() - t0:5.2f}s {name} starts")
    time.sleep(seconds)  # patched: switches to another greenlet instead of blocking
    events.append(f"done {name}")
    print(f"{time.perf_counter() - t0:5.2f}s {name} done")
    # get_ident() is patched to name the greenlet; get_native_id() is the real OS thread.
    return name, threading.get_ident(), threading.get_native_id()


def main(count: int = 3, seconds: float = 0.5) -> dict:
    events: list[str] = []
    t0 = time.perf_counter()
    greenlets = [gevent.spawn(fetch, f"g{i}", seconds, events, t0) for i in range(count)]
    gevent.joinall(greenlets, raise_error=True)
    elapsed = time.perf_counter() - t0
    results = [greenlet.value for greenlet in greenlets]
    idents = {ident for _, ident, _ in results}
    native_ids = {native for _, _, native in results}
    print(f"{count} greenlets sleeping {seconds}s each took {elapsed:.2f}s")
    print(f"distinct threading.get_ident(): {len(idents)}, OS threads: {len(native_ids)}")
    return {
        "events": events,
        "elapsed": elapsed,
        "idents": len(idents),
        "os_threads": len(native_ids),
        "time_patched": monkey.is_module_patched("time"),
    }


if __name__ == "__main__":
    main()
