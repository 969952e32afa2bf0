"""docs/threads/locks: the lost update, the lock that fixes it, RLock, lock ordering."""

import sys
import threading

import fresh_interpreter
import pytest
from timelines import most_at_once, record, spans, threads

from snippets.threads import (
    threading_deadlock_ordering,
    threading_lock_fixed,
    threading_lock_interrupted,
    threading_lock_release,
    threading_race_lost_update,
    threading_race_plain_increment,
    threading_rlock,
)


def test_the_read_call_write_race_loses_updates():
    outcomes = []
    for _ in range(5):
        counter, expected = threading_race_lost_update.main(threads=4, times=500)
        assert counter <= expected  # updates get lost, never invented
        outcomes.append(counter)
        if counter < expected:
            break
    assert min(outcomes) < 4 * 500, f"no update lost in {len(outcomes)} tries: {outcomes}"


def test_the_lock_makes_the_total_right_every_time():
    for _ in range(3):
        counter, expected = threading_lock_fixed.main(threads=4, times=300)
        assert counter == expected


@pytest.mark.skipif(
    hasattr(sys, "_is_gil_enabled") and not sys._is_gil_enabled(),
    reason="without the GIL the plain increment loses updates",
)
def test_with_the_gil_the_plain_increment_loop_gets_the_total_right():
    # CPython 3.10+ switches threads only at calls and backward jumps, never inside
    # `counter += 1`; big enough loops that the threads really do take turns.
    counter, expected = threading_race_plain_increment.main(threads=4, times=300_000)
    assert counter == expected


def test_rlock_reenters_where_a_plain_lock_would_block():
    results = threading_rlock.main(timeout=0.1)
    assert results == {
        "RLock": True,
        "Lock": False,
        "release elsewhere": "RuntimeError: cannot release un-acquired lock",  # not its owner
    }


def test_with_lock_releases_on_an_exception_and_a_stray_release_raises():
    assert threading_lock_release.main() == {
        "released_after_error": True,
        "stray_release": "release unlocked lock",
    }


def test_ctrl_c_interrupts_the_wait_for_a_lock_and_takes_nothing():
    # The holder keeps the lock until the main thread has been interrupted: no race to lose.
    # In a new interpreter: the snippet sends SIGINT to its own process.
    result = fresh_interpreter.call_main(threading_lock_interrupted.__name__, press_after=0.1)
    assert result == {
        "interrupted": True,
        "entered": False,
        "locked_at_end": False,
    }


def test_opposite_lock_order_deadlocks_and_one_global_order_does_not():
    # A generous timeout: both threads must hold their first lock before either gives up.
    result = threading_deadlock_ordering.main(timeout=1.0)
    assert result["opposite"] == {"alice": False, "bob": False}
    assert result["ordered"] == {"alice": True, "bob": True}


def test_an_rlock_is_released_as_often_as_it_was_acquired():
    rlock = threading.RLock()

    def other_thread_can_acquire() -> bool:
        result: list[bool] = []

        def try_it() -> None:
            result.append(rlock.acquire(timeout=0.05))
            if result[0]:
                rlock.release()

        thread = threading.Thread(target=try_it)
        thread.start()
        thread.join()
        return result[0]

    rlock.acquire()
    rlock.acquire()
    rlock.release()  # acquired twice, released once: still held by this thread
    assert other_thread_can_acquire() is False
    rlock.release()
    assert other_thread_can_acquire() is True


def test_with_lock_releases_the_lock_when_an_exception_passes_through():
    lock = threading.Lock()
    with pytest.raises(KeyError), lock:
        raise KeyError("inside the block")
    assert not lock.locked()


def test_the_timeline_shows_all_racing_threads_running_at_one_moment() -> None:
    # They meet at a barrier before their first read: all five lanes are open at that moment.
    timeline = record("snippets/threads/threading_race_lost_update.py").timeline
    racers = threads(timeline)
    assert len(racers) == 5
    assert most_at_once(spans(racers)) == 5
