"""Signal handlers run in the main thread, whichever thread the signal was sent from."""

import os
import signal
import threading


def send_sigint(log: list[str], handled: threading.Event, timeout: float) -> None:
    name = threading.current_thread().name
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    except ValueError as error:
        log.append(f"{name}: signal.signal() raised ValueError: {error}")
    log.append(f"{name}: os.kill(own pid, SIGINT), as Ctrl+C would")
    os.kill(os.getpid(), signal.SIGINT)
    handled.wait(timeout)  # until the main thread has dealt with it
    log.append(f"{name}: not interrupted, carried on and returned")


def main(timeout: float = 10.0) -> dict[str, object]:
    log: list[str] = []

    def handler(signum: int, frame) -> None:
        log.append(
            f"handler for {signal.Signals(signum).name} ran in {threading.current_thread().name}"
        )
        raise KeyboardInterrupt  # what the default handler does

    previous = signal.signal(signal.SIGINT, handler)
    handled = threading.Event()
    worker = threading.Thread(target=send_sigint, args=(log, handled, timeout), name="worker-1")
    try:
        worker.start()
        worker.join(timeout)  # the main thread waits here when the signal comes
    except KeyboardInterrupt:
        log.append("MainThread: KeyboardInterrupt raised while it waited for the worker")
    finally:
        handled.set()
        worker.join(timeout)
        signal.signal(signal.SIGINT, previous)
    for line in log:
        print(line)
    return {"log": log, "worker alive": worker.is_alive()}


if __name__ == "__main__":
    main()
