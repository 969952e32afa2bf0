"""Semaphore.acquire() with a limit returns False when no slot frees up: the thread stays out."""

import threading
import time


def hold_a_slot(
    slots: threading.Semaphore, holding: threading.Barrier, let_go: threading.Event
) -> None:
    with slots:
        holding.wait()  # tell the main thread this slot is taken
        let_go.wait()  # stands for a long download


def try_to_enter(slots: threading.Semaphore, how: str, **limit: float) -> bool:
    asked = time.perf_counter()
    entered = slots.acquire(**limit)
    waited = time.perf_counter() - asked
    said = f"{how:<23} -> {entered!s:<5} after {waited:.2f} s"
    if not entered:
        print(f"{said}: stayed out, nothing to release")
        return False
    try:
        print(f"{said}: inside")  # the work the slot guards goes here
    finally:
        slots.release()  # only a thread that got a slot gives one back
    return True


def main(limit: int = 2, patience: float = 0.3, let_go_after: float = 1.0) -> dict[str, object]:
    slots = threading.Semaphore(limit)
    holding = threading.Barrier(limit + 1)
    let_go = threading.Event()
    holders = [
        threading.Thread(target=hold_a_slot, args=(slots, holding, let_go), name=f"holder-{i}")
        for i in range(limit)
    ]
    for holder in holders:
        holder.start()
    holding.wait()
    print(f"Semaphore({limit}): every slot held")
    outcomes = {
        "blocking=False": try_to_enter(slots, "acquire(blocking=False)", blocking=False),
        "timeout": try_to_enter(slots, f"acquire(timeout={patience})", timeout=patience),
    }
    releaser = threading.Timer(let_go_after, let_go.set)
    releaser.start()
    print(f"(the holders let go in {let_go_after} s)")
    long_wait = 10 * let_go_after
    outcomes["long timeout"] = try_to_enter(
        slots, f"acquire(timeout={long_wait})", timeout=long_wait
    )
    releaser.join()
    for holder in holders:
        holder.join()
    free = 0
    while slots.acquire(blocking=False):  # count the free slots, then give them back
        free += 1
    for _ in range(free):
        slots.release()
    print(f"free slots at the end: {free} of {limit}")
    return {"outcomes": outcomes, "free": free}


if __name__ == "__main__":
    main()
