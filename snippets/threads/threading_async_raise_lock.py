"""A thread killed between acquire() and release() leaves the lock held for ever."""

import ctypes
import threading
import time

# The seed's stop_thread(), with the thread id passed as the C API's unsigned long.
set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)


def update_shared_state(lock: threading.Lock, duration: float, ready: threading.Event) -> None:
    lock.acquire()  # the seed's style: no try/finally, no `with`
    ready.set()
    time.sleep(duration)  # SystemExit lands when the sleep ends...
    lock.release()  # ...so this line never runs


def main(duration: float = 0.5, probe: float = 0.5) -> dict[str, bool]:
    lock = threading.Lock()
    ready = threading.Event()
    thread = threading.Thread(target=update_shared_state, args=(lock, duration, ready))
    thread.start()
    ready.wait()
    set_async_exc(thread.ident, SystemExit)  # what the seed's stop_thread() sends
    thread.join()
    acquired = lock.acquire(timeout=probe)
    print(f"thread alive: {thread.is_alive()}")
    print(f"main: lock.acquire(timeout={probe}) -> {acquired}")
    if not acquired:
        lock.release()  # a Lock has no owner, so main can free it; an RLock would refuse
    return {"thread_alive": thread.is_alive(), "lock_left_held": not acquired}


if __name__ == "__main__":
    main()
