"""Ctrl+C interrupts the main thread's wait for a lock; the interrupted wait takes nothing."""

import os
import signal
import threading


def press_ctrl_c() -> None:
    """Stands for the reader pressing Ctrl+C: SIGINT to this process."""
    os.kill(os.getpid(), signal.SIGINT)


def hold(lock: threading.Lock, held: threading.Event, let_go: threading.Event) -> None:
    with lock:
        held.set()
        let_go.wait()  # stands for a long piece of work under the lock


def main(press_after: float = 0.5) -> dict[str, bool]:
    lock = threading.Lock()
    held, let_go = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold, args=(lock, held, let_go), name="holder")
    ctrl_c = threading.Timer(press_after, press_ctrl_c)
    holder.start()
    held.wait()
    entered = interrupted = False
    try:
        ctrl_c.start()
        print("main: waits at `with lock:` (the holder has it)")
        with lock:
            entered = True
    except KeyboardInterrupt:
        interrupted = True
        print(f"main: KeyboardInterrupt while waiting; the block ran: {entered}")
    finally:
        let_go.set()
        holder.join()
        ctrl_c.join()
    # Had the interrupted wait taken the lock, it would still be held: nobody released it.
    print(f"after the holder let go: lock.locked() = {lock.locked()}")
    return {"interrupted": interrupted, "entered": entered, "locked_at_end": lock.locked()}


if __name__ == "__main__":
    main()
