"""Check-then-act across an ``await`` races even in one thread; ``asyncio.Lock`` fixes it."""

import asyncio


class Box:
    """A box office with a few seats left; `sold` lists who got one."""

    def __init__(self, seats: int) -> None:
        self.seats = seats
        self.sold: list[str] = []


async def book(box: Box, customer: str, payment_seconds: float) -> None:
    if box.seats > 0:  # check ...
        await asyncio.sleep(payment_seconds)  # ... other tasks run here, and check too ...
        box.seats -= 1  # ... act on a check that may no longer be true
        box.sold.append(customer)


async def book_locked(box: Box, customer: str, payment_seconds: float, lock: asyncio.Lock) -> None:
    async with lock:  # check and act as one step: no other booking can run in between
        if box.seats > 0:
            await asyncio.sleep(payment_seconds)
            box.seats -= 1
            box.sold.append(customer)


async def sell(seats: int, customers: int, payment_seconds: float, locked: bool) -> Box:
    box = Box(seats)
    lock = asyncio.Lock()
    names = [f"c{i}" for i in range(customers)]
    if locked:
        await asyncio.gather(*(book_locked(box, name, payment_seconds, lock) for name in names))
    else:
        await asyncio.gather(*(book(box, name, payment_seconds) for name in names))
    return box


def main(seats: int = 3, customers: int = 5, payment_seconds: float = 0.1) -> dict[str, Box]:
    boxes = {}
    for locked in (False, True):
        box = asyncio.run(sell(seats, customers, payment_seconds, locked))
        label = "with asyncio.Lock" if locked else "without a lock"
        print(f"{label:<17}: {seats} seats, sold {box.sold}, seats left {box.seats}")
        boxes["locked" if locked else "unlocked"] = box
    return boxes


if __name__ == "__main__":
    main()
