"""In Python 3 the low-level module is _thread; threading is built on top of it."""

import _thread
import importlib.util
import threading
import time


def main(delay: float = 0.1) -> dict[str, object]:
    finished = _thread.allocate_lock()
    finished.acquire()
    seen: list[int] = []

    def task() -> None:
        time.sleep(delay)
        seen.append(_thread.get_ident())
        finished.release()

    # _thread has no join(): the caller must build its own signal, here a lock.
    _thread.start_new_thread(task, ())
    got_it = finished.acquire(timeout=5)
    result = {
        "task_finished": got_it,
        "task_ident": seen[0] if seen else None,
        "main_ident": _thread.get_ident(),
        "same_get_ident": threading.get_ident is _thread.get_ident,
        "python2_thread_module": importlib.util.find_spec("thread") is not None,
    }
    print(f"task ran in thread {result['task_ident']}, main thread is {result['main_ident']}")
    print(f"threading.get_ident is _thread.get_ident: {result['same_get_ident']}")
    print(f"a module named 'thread' exists: {result['python2_thread_module']}")
    return result


if __name__ == "__main__":
    main()
