"""A BoundedSemaphore refuses to be released more often than it was acquired."""

import threading


def release_once_too_often(semaphore: threading.Semaphore) -> str:
    semaphore.acquire()
    semaphore.release()
    try:
        semaphore.release()  # a bug: nobody holds it any more
    except ValueError as error:
        return f"ValueError: {error}"
    return "accepted silently"


def free_slots(semaphore: threading.Semaphore) -> int:
    """How many acquire() calls succeed without waiting (then give them back)."""
    taken = 0
    while semaphore.acquire(blocking=False):
        taken += 1
    for _ in range(taken):
        semaphore.release()
    return taken


def main(limit: int = 2) -> dict[str, tuple[str, int]]:
    results = {}
    for semaphore in (threading.Semaphore(limit), threading.BoundedSemaphore(limit)):
        kind = type(semaphore).__name__
        outcome = release_once_too_often(semaphore)
        slots = free_slots(semaphore)
        print(f"{kind}({limit}): extra release -> {outcome}; free slots now {slots}")
        results[kind] = (outcome, slots)
    return results


if __name__ == "__main__":
    main()
