"""A greenlet's exception stays in it; ``kill()`` ends one that waits, ``Timeout`` ends a wait."""

from gevent import monkey

monkey.patch_all()  # first, before anything else is imported

import time  # noqa: E402

import gevent  # noqa: E402


def fetch(name: str, seconds: float, fail: bool, events: list[str]) -> str:
    try:
        time.sleep(seconds)
        if fail:
            raise ConnectionError(f"{name}: connection refused")
        return f"{name} data"
    finally:
        events.append(f"{name}: finally ran")


def main(seconds: float = 0.1, patience: float = 0.3, slow: float = 60.0) -> dict:
    events: list[str] = []
    ok = gevent.spawn(fetch, "ok", seconds, False, events)
    broken = gevent.spawn(fetch, "broken", seconds, True, events)
    stuck = gevent.spawn(fetch, "stuck", slow, False, events)

    gevent.joinall([ok, broken], timeout=10)  # the hub prints a failed greenlet's traceback
    print(f"ok: value {ok.value!r}; broken: exception {broken.exception!r}")

    with gevent.Timeout(patience, False):  # False: when time is up, just leave the block
        stuck.join()
    waited_out = stuck.dead
    print(f"after waiting {patience}s for stuck: dead is {waited_out}")
    stuck.kill(timeout=10)  # raises GreenletExit inside it, at its sleep, and waits
    print(f"after kill(): dead is {stuck.dead}, value {stuck.value!r}")
    for line in events:
        print(line)
    return {
        "value": ok.value,
        "exception": repr(broken.exception),
        "dead_after_timeout": waited_out,
        "dead_after_kill": stuck.dead,
        "events": events,
    }


if __name__ == "__main__":
    main()
