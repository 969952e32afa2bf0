"""Under gevent's monkey patching, threading.local becomes local to each greenlet."""

from gevent import monkey

# Before any other import: modules imported earlier keep the unpatched originals.
monkey.patch_all()

import threading  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
import gevent.local  # noqa: E402

state = threading.local()  # after patching: a gevent.local.local


def handle(name: str, seconds: float) -> tuple[str, str, int]:
    state.user = name
    time.sleep(seconds)  # patched: the other greenlets run and set theirs meanwhile
    return name, state.user, threading.get_native_id()


def main(names: tuple[str, ...] = ("alice", "bob", "carol"), seconds: float = 0.05) -> dict:
    greenlets = [gevent.spawn(handle, name, seconds) for name in names]
    gevent.joinall(greenlets, raise_error=True)
    results = [greenlet.value for greenlet in greenlets]
    patched = type(state) is gevent.local.local
    print(f"threading.local is gevent's local after patch_all(): {patched}")
    for name, seen, _ in results:
        print(f"greenlet {name:<6} sees user {seen!r}")
    os_threads = len({native for _, _, native in results})
    print(f"OS threads used by the {len(results)} greenlets: {os_threads}")
    return {
        "patched": patched,
        "seen": {name: seen for name, seen, _ in results},
        "os_threads": os_threads,
    }


if __name__ == "__main__":
    main()
