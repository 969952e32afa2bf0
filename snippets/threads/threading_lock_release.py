"""`with lock:` releases the lock when an exception leaves the block; a stray release() raises."""

import threading


def main() -> dict[str, object]:
    lock = threading.Lock()
    try:
        with lock:
            raise ValueError("failed half-way through the update")
    except ValueError as error:
        print(f"the block raised {error!r}; lock.locked() afterwards: {lock.locked()}")
    released_after_error = not lock.locked()
    stray_release = ""
    try:
        lock.release()  # nobody holds it: a bug, reported at once
    except RuntimeError as error:
        stray_release = str(error)
        print(f"lock.release() on a free lock: RuntimeError: {error}")
    return {"released_after_error": released_after_error, "stray_release": stray_release}


if __name__ == "__main__":
    main()
