"""docs/threads/semaphore-event: Semaphore, BoundedSemaphore and Event."""

import math

import pytest
from timelines import most_at_once, record

from snippets.threads import (
    threading_bounded_semaphore,
    threading_event,
    threading_event_wait,
    threading_semaphore,
    threading_semaphore_timeout,
)


def test_a_semaphore_of_n_never_admits_more_than_n():
    workers, duration = 7, 0.05
    for limit in (1, 2, 3):
        result = threading_semaphore.main(workers=workers, limit=limit, duration=duration)
        assert 1 <= result["highest"] <= limit
        rounds = math.ceil(workers / limit)  # no more than `limit` at once: at least this many
        assert result["elapsed"] >= rounds * duration


def test_a_limited_acquire_returns_false_and_takes_no_slot():
    patience, let_go_after = 0.05, 0.1
    result = threading_semaphore_timeout.main(limit=2, patience=patience, let_go_after=let_go_after)
    # The holders keep both slots until the main thread lets them go: every outcome is fixed.
    assert result["outcomes"] == {
        "blocking=False": False,
        "timeout": False,
        "long timeout": True,
    }
    assert result["free"] == 2  # the refused calls took nothing, the granted one gave it back


def test_a_bounded_semaphore_refuses_an_extra_release():
    results = threading_bounded_semaphore.main(limit=2)
    outcome, slots = results["BoundedSemaphore"]
    assert outcome.startswith("ValueError")
    assert slots == 2
    outcome, slots = results["Semaphore"]
    assert outcome == "accepted silently"
    assert slots == 3  # the bug went unnoticed and created a third slot


@pytest.mark.measure  # a stop latency: with nothing else of the suite beside it
def test_event_as_start_and_stop_signal():
    interval = 1.0  # long ticks: a prompt stop cannot be a lucky tick
    result = threading_event.main(workers=3, warm_up=0.1, run_for=0.2, interval=interval)
    assert len(result["log"]) == 3
    for began, _ticks in result["log"].values():
        assert began >= result["start_set"]  # nobody started before the signal
    assert result["all_joined"] - result["stop_set"] < interval / 2


def test_event_wait_returns_false_on_timeout_and_true_once_set():
    timeout = 0.5
    results = threading_event_wait.main(timeout=timeout, set_after=0.05)
    returned = {label: value for label, (value, _waited) in results.items()}
    assert returned == {
        "before set": False,
        "set while waiting": True,
        "already set": True,
        "after clear": False,
    }
    # A wait that times out cannot end early; one that returned True was ended by set()
    # (how soon after the set it returned is up to the scheduler: not asserted).
    assert results["before set"][1] >= timeout * 0.9


def test_the_timeline_never_shows_more_holders_than_the_semaphore_admits() -> None:

    timeline = record("snippets/threads/threading_semaphore.py").timeline
    holds = [hold for process in timeline["processes"] for hold in process["holds"]]
    assert len(holds) == 7  # every download acquired it once
    assert most_at_once((hold["start"], hold["end"]) for hold in holds) == 3
    # Each hold after the first three begins only once an earlier holder has released it.
    holds.sort(key=lambda hold: hold["start"])
    for number, hold in enumerate(holds[3:], start=3):
        assert any(earlier["end"] <= hold["start"] for earlier in holds[:number])
