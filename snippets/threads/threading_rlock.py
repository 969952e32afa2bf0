"""An RLock can be acquired again by the thread that holds it; a plain Lock cannot."""

import threading
import time


class Account:
    def __init__(self, balance: int, reentrant: bool) -> None:
        self.lock = threading.RLock() if reentrant else threading.Lock()
        self.balance = balance

    def can_pay(self, amount: int, timeout: float) -> bool:
        # Called from withdraw(), which already holds the lock: a nested acquisition.
        asked = time.perf_counter()
        if not self.lock.acquire(timeout=timeout):
            waited = time.perf_counter() - asked
            print(f"  can_pay: acquire(timeout={timeout}) returned False after {waited:.2f} s")
            return False
        try:
            print(f"  can_pay: acquired again, {self.lock!r}")
            return self.balance >= amount
        finally:
            self.lock.release()

    def withdraw(self, amount: int, timeout: float) -> bool:
        with self.lock:
            if self.can_pay(amount, timeout):
                self.balance -= amount
                return True
            return False


def release_elsewhere(lock: threading.RLock) -> str:
    """Release `lock` from a new thread, which does not own it."""
    refused: list[str] = []

    def release() -> None:
        try:
            lock.release()
        except RuntimeError as error:
            refused.append(f"RuntimeError: {error}")

    thread = threading.Thread(target=release)
    thread.start()
    thread.join()
    return refused[0] if refused else "released"


def main(timeout: float = 0.5) -> dict[str, object]:
    results: dict[str, object] = {}
    for kind, reentrant in (("RLock", True), ("Lock", False)):
        print(f"{kind}: withdraw 30 from 100")
        account = Account(balance=100, reentrant=reentrant)
        results[kind] = account.withdraw(30, timeout)
        print(f"  withdrawn: {results[kind]}, balance now {account.balance}")
    held = threading.RLock()
    with held:  # the main thread owns it
        results["release elsewhere"] = release_elsewhere(held)
        print(f"RLock held by main, release() in another thread: {results['release elsewhere']}")
    return results


if __name__ == "__main__":
    main()
