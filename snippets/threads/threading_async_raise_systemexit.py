"""SystemExit raised in a thread ends it silently: threading.excepthook ignores SystemExit."""

import contextlib
import ctypes
import io
import threading
import time

# The seed's stop_thread(), with the thread id passed as the C API's unsigned long.
set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)


def spin(stop_after: float) -> None:
    deadline = time.perf_counter() + stop_after
    while time.perf_counter() < deadline:  # runs bytecode all the time: the exception lands
        time.sleep(0.01)


def what_the_default_hook_prints(exception_type: type[BaseException], timeout: float) -> str:
    printed: list[str] = []

    def capture(args: threading.ExceptHookArgs) -> None:
        # Call the default hook, but keep what it writes to stderr to show it below.
        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            threading.__excepthook__(args)
        printed.append(stderr.getvalue())

    previous, threading.excepthook = threading.excepthook, capture
    try:
        thread = threading.Thread(target=spin, args=(timeout,), name="victim")
        thread.start()
        set_async_exc(thread.ident, exception_type)  # raised when the thread next runs bytecode
        thread.join()
    finally:
        threading.excepthook = previous
    return printed[0] if printed else ""


def main(timeout: float = 5.0) -> dict[str, str]:
    results = {}
    for exception_type in (SystemExit, KeyboardInterrupt, RuntimeError):
        text = what_the_default_hook_prints(exception_type, timeout)
        results[exception_type.__name__] = text
        lines = text.strip().splitlines()
        summary = f"{lines[0]} ... {lines[-1]}" if lines else "(nothing)"
        print(f"{exception_type.__name__:<17} -> {len(lines)} lines on stderr: {summary}")
    return results


if __name__ == "__main__":
    main()
