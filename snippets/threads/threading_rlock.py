"""An RLock can be acquired again by the thread that holds it; a plain Lock cannot."""

import threading


class Account:
    def __init__(self, balance: int, reentrant: bool) -> None:
        self.lock = threading.RLock() if reentrant else threading.Lock()
        self.balance = balance

    def can_pay(self, amount: int, timeout: float) -> bool:
        # Called from withdraw(), which already holds the lock: a nested acquisition.
        if not self.lock.acquire(timeout=timeout):
            print(f"  can_pay: acquire(timeout={timeout}) returned False, {self.lock!r}")
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


def main(timeout: float = 0.5) -> dict[str, bool]:
    results = {}
    for kind, reentrant in (("RLock", True), ("Lock", False)):
        print(f"{kind}: withdraw 30 from 100")
        account = Account(balance=100, reentrant=reentrant)
        results[kind] = account.withdraw(30, timeout)
        print(f"  withdrawn: {results[kind]}, balance now {account.balance}")
    return results


if __name__ == "__main__":
    main()
