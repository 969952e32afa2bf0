"""docs/threads/coordination: Condition, Barrier, Timer and a queue.Queue pipeline."""

import queue
import threading
import time
from collections import Counter

import pytest

from snippets.threads import (
    queue_consumer_fails,
    queue_producer_consumer,
    threading_barrier,
    threading_barrier_abort,
    threading_barrier_timeout,
    threading_condition,
    threading_timer,
)


def test_condition_every_item_is_taken_exactly_once():
    taken = threading_condition.main(items=10, consumers=3, interval=0.01, timeout=5.0)
    assert sorted(item for items in taken.values() for item in items) == list(range(10))
    assert len(taken) == 3  # every consumer saw the inbox closed and returned


def test_barrier_nobody_leaves_a_phase_before_everyone_arrived():
    phases = 3
    result = threading_barrier.main(phases=phases, durations=(0.01, 0.05, 0.1))
    assert len(result["announcements"]) == phases  # the action ran once per phase
    for phase in range(phases):
        rows = [row for row in result["log"] if row[1] == phase]
        assert len(rows) == 3
        last_arrival = max(arrived for _, _, arrived, _ in rows)
        assert all(left >= last_arrival for _, _, _, left in rows)


def test_timer_fires_after_its_delay_and_a_cancelled_one_never_does():
    delay = 0.1
    result = threading_timer.main(delay=delay)
    assert list(result["fired"]) == ["reminder"]
    assert result["fired"]["reminder"] >= delay


def test_queue_every_item_is_processed_exactly_once():
    results = queue_producer_consumer.main(items=20, consumers=3, work=0.005, capacity=4)
    squares = Counter(square for _, square in results)
    assert squares == Counter(i * i for i in range(20))


def test_a_barrier_wait_that_times_out_breaks_it_for_every_party_until_reset():
    patience = 0.05
    result = threading_barrier_timeout.main(patience=patience, long_wait=30.0)
    outcomes = result["outcomes"]
    # The late party starts only after the other two have left: none of this depends on timing.
    for party in ("impatient", "patient", "late"):
        assert outcomes[party] == "BrokenBarrierError"
    assert result["broke"] is True
    assert result["broken_after_reset"] is False
    assert [outcomes[f"again-{i}"] for i in range(3)] == ["passed"] * 3


def test_a_timer_is_a_thread_that_calls_its_function_in_that_thread():
    called_in: list[str] = []
    timer = threading.Timer(0.01, lambda: called_in.append(threading.current_thread().name))
    assert isinstance(timer, threading.Thread)
    timer.start()
    timer.join()
    assert called_in == [timer.name] and timer.name != threading.main_thread().name


def test_a_full_queue_makes_put_wait():
    tasks: queue.Queue = queue.Queue(maxsize=1)
    tasks.put("first")
    with pytest.raises(queue.Full):
        tasks.put("second", timeout=0.05)


def test_an_aborted_barrier_lets_every_waiting_thread_go_at_once():
    started = time.perf_counter()
    assert threading_barrier_abort.main(parties=3, timeout=30.0) is True  # broken
    assert time.perf_counter() - started < 30.0  # nobody waited out the timeout


def test_a_consumer_that_dies_strands_the_queue_and_one_that_catches_does_not():
    outcomes = consumer_outcomes()
    dead = outcomes["failure left uncaught"]
    assert dead["results"] == ["1/2 = 0.5"]
    assert dead["alive"] is False
    assert dead["unfinished"] == 3  # 4, 5 and the sentinel: queue.join() would never return
    caught = outcomes["failure caught per item"]
    assert caught["unfinished"] == 0 and caught["alive"] is False
    assert caught["results"] == [
        "1/2 = 0.5",
        "1/0 failed: division by zero",
        "1/4 = 0.25",
        "1/5 = 0.2",
    ]


def consumer_outcomes() -> dict[str, dict]:
    hooked: list[threading.ExceptHookArgs] = []
    previous, threading.excepthook = threading.excepthook, hooked.append
    try:
        outcomes = queue_consumer_fails.main(items=(2, 0, 4, 5), patience=2.0)
    finally:
        threading.excepthook = previous
    assert [args.exc_type for args in hooked] == [ZeroDivisionError]  # the uncaught one only
    return outcomes
