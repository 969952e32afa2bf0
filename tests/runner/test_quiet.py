"""The quiet lock: shared holders together, a measurement alone, and never starved.

"Not yet" is checked after a while (nothing can take the lock meanwhile, however busy the
machine); "then" is waited for, with a generous bound.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from snippet_runner import quiet

WHILE = 0.3  # seconds to see that a holder is still kept waiting
BOUND = 30.0  # seconds within which a holder that may go ahead does


class Holder(threading.Thread):
    """Takes a hold in a thread of its own, keeps it until told to let go."""

    def __init__(self, hold: Callable[[], AbstractContextManager[None]]) -> None:
        super().__init__(daemon=True)
        self.hold, self.held, self.release = hold, threading.Event(), threading.Event()

    def run(self) -> None:
        with self.hold():
            self.held.set()
            self.release.wait(BOUND)


def holding(hold: Callable[[], AbstractContextManager[None]]) -> Holder:
    holder = Holder(hold)
    holder.start()
    return holder


def test_shared_holders_hold_together(tmp_path: Path) -> None:
    lock = tmp_path / "quiet.lock"
    first, second = holding(lambda: quiet.shared(lock)), holding(lambda: quiet.shared(lock))
    assert first.held.wait(BOUND) and second.held.wait(BOUND)
    for holder in (first, second):
        holder.release.set()
        holder.join()


def test_a_measurement_waits_for_shared_holders_and_keeps_new_ones_out(tmp_path: Path) -> None:
    lock = tmp_path / "quiet.lock"
    working = holding(lambda: quiet.shared(lock))
    assert working.held.wait(BOUND)
    measuring = holding(lambda: quiet.alone(lock))
    assert not measuring.held.wait(WHILE)  # someone still works
    # While a measurement waits, nothing new starts (or a busy session would starve it).
    late = holding(lambda: quiet.shared(lock))
    assert not late.held.wait(WHILE)
    working.release.set()
    assert measuring.held.wait(BOUND)
    assert not late.held.wait(WHILE)  # not beside the measurement either
    measuring.release.set()
    assert late.held.wait(BOUND)
    late.release.set()
    for holder in (working, measuring, late):
        holder.join()


def test_a_hold_can_be_let_go_while_its_owner_waits(tmp_path: Path) -> None:
    lock = tmp_path / "quiet.lock"
    rendering = quiet.Holder(lock)
    rendering.take()
    measuring = holding(lambda: quiet.alone(lock))
    assert not measuring.held.wait(WHILE)
    with rendering.let_go():
        assert measuring.held.wait(BOUND)
        measuring.release.set()
        measuring.join()
    rendering.release()
