"""A thread's values in a threading.local are released when the thread ends."""

import threading
import weakref

state = threading.local()


class Buffer:
    """Stands for anything a thread keeps in a local: a buffer, a connection, a session."""

    def __init__(self, owner: str) -> None:
        self.owner = owner


def worker(finalizers: list[weakref.finalize], stored: threading.Event, go: threading.Event):
    state.buffer = Buffer(threading.current_thread().name)  # the only reference to it
    # Calls print once the object is freed, in whatever thread frees it.
    finalizers.append(weakref.finalize(state.buffer, print, "  the buffer was released"))
    stored.set()
    go.wait(timeout=5)  # keep the thread alive until the main thread has looked


def main() -> dict[str, bool]:
    finalizers: list[weakref.finalize] = []
    stored, go = threading.Event(), threading.Event()
    thread = threading.Thread(target=worker, args=(finalizers, stored, go), name="worker")
    thread.start()
    stored.wait(timeout=5)
    (finalizer,) = finalizers
    while_running = finalizer.alive  # alive: the buffer still exists
    print(f"while the thread runs: buffer alive = {while_running}")
    print("letting the thread end and joining it")
    go.set()
    thread.join(timeout=5)
    after_join = finalizer.alive
    print(f"after join():          buffer alive = {after_join}")
    return {"alive_while_running": while_running, "alive_after_join": after_join}


if __name__ == "__main__":
    main()
