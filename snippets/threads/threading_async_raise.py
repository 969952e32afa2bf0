"""The seed's way to kill a thread, corrected: PyThreadState_SetAsyncExc, and when it lands.

The exception is only raised when the target thread next runs Python bytecode, so a thread
sleeping in time.sleep() dies when the sleep ends, and one blocked in queue.get() only once
get() returns.
"""

import ctypes
import queue
import threading
import time
from collections.abc import Callable

set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
# int PyThreadState_SetAsyncExc(unsigned long id, PyObject *exc): the id is unsigned.
set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
set_async_exc.restype = ctypes.c_int


class Killed(Exception):
    """Raised inside the target thread by async_raise()."""


def async_raise(thread: threading.Thread, exception_type: type[BaseException]) -> None:
    """Ask the interpreter to raise exception_type in thread; returns at once."""
    changed = set_async_exc(thread.ident, exception_type)
    if changed == 0:
        raise ValueError(f"no running thread with ident {thread.ident}")
    if changed > 1:  # more than one thread state matched: undo, as the C API asks
        set_async_exc(thread.ident, None)
        raise SystemError("PyThreadState_SetAsyncExc affected more than one thread")


def record_death(
    action: Callable[[], object], outcome: dict[str, object], ready: threading.Event
) -> None:
    outcome["started"] = time.perf_counter()
    ready.set()
    try:
        action()
        outcome["ended"] = "normally"
    except Killed:
        outcome["ended"] = "killed"
    outcome["at"] = time.perf_counter()


def kill_sleeper(sleep: float, kill_after: float) -> dict[str, object]:
    outcome: dict[str, object] = {}
    ready = threading.Event()
    thread = threading.Thread(target=record_death, args=(lambda: time.sleep(sleep), outcome, ready))
    thread.start()
    ready.wait()
    time.sleep(kill_after)
    requested = time.perf_counter()
    async_raise(thread, Killed)
    thread.join()
    outcome["requested"] = requested
    outcome["latency"] = outcome["at"] - requested
    return outcome


def kill_queue_reader(wait: float) -> dict[str, object]:
    outcome: dict[str, object] = {}
    ready = threading.Event()
    inbox: queue.Queue = queue.Queue()
    thread = threading.Thread(target=record_death, args=(inbox.get, outcome, ready))
    thread.start()
    ready.wait()
    time.sleep(0.05)  # let it block inside get()
    async_raise(thread, Killed)
    thread.join(wait)
    outcome["alive after wait"] = thread.is_alive()
    inbox.put("wake up")  # get() returns, the thread runs bytecode, the exception lands
    thread.join()
    return outcome


def main(sleep: float = 2.0, kill_after: float = 0.5, wait: float = 1.0) -> dict[str, object]:
    sleeper = kill_sleeper(sleep, kill_after)
    print(f"thread in time.sleep({sleep}), exception sent after {kill_after} s:")
    slept = sleeper["at"] - sleeper["started"]
    print(
        f"  ended {sleeper['ended']} {sleeper['latency']:.2f} s after the request, "
        f"{slept:.2f} s after its sleep began"
    )
    reader = kill_queue_reader(wait)
    print("thread blocked in queue.get(), exception sent:")
    print(f"  still alive {wait} s later: {reader['alive after wait']}")
    print(f"  after a put() it ended {reader['ended']}")
    return {"sleeper": sleeper, "reader": reader}


if __name__ == "__main__":
    main()
