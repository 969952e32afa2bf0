"""docs/threads/stopping: what async-raising an exception really does; the Event-based stop."""

import inspect
import socket
import threading
import time

import pytest
from timelines import most_at_once, record, root, spans, threads

from snippets.threads import (
    threading_async_raise,
    threading_async_raise_lock,
    threading_async_raise_systemexit,
    threading_stop_event,
)


def test_the_exception_lands_only_after_the_sleep_ends():
    sleep, kill_after = 0.6, 0.2
    outcome = threading_async_raise.kill_sleeper(sleep=sleep, kill_after=kill_after)
    assert outcome["ended"] == "killed"
    assert outcome["requested"] - outcome["started"] < sleep  # sent while it slept
    assert outcome["at"] - outcome["started"] >= sleep * 0.99  # the sleep was not cut short


def test_the_exception_never_lands_in_a_thread_blocked_in_queue_get():
    outcome = threading_async_raise.kill_queue_reader(wait=0.3)
    assert outcome["alive after wait"] is True
    assert outcome["ended"] == "killed"  # it landed once get() returned


def test_main_reports_both_cases(capsys):
    result = threading_async_raise.main(sleep=0.3, kill_after=0.05, wait=0.1)
    assert result["sleeper"]["ended"] == "killed"
    assert result["reader"]["alive after wait"] is True
    assert "still alive" in capsys.readouterr().out


def test_system_exit_in_a_thread_is_swallowed_silently():
    results = threading_async_raise_systemexit.main(timeout=5.0)
    assert results["SystemExit"] == ""
    assert "Traceback" in results["RuntimeError"] and "RuntimeError" in results["RuntimeError"]
    assert "KeyboardInterrupt" in results["KeyboardInterrupt"]


# The killed thread ends with SystemExit: pytest reports that as an unhandled thread exception.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_killed_thread_can_leave_a_lock_held():
    result = threading_async_raise_lock.main(duration=0.1, probe=0.1)
    assert result == {"thread_alive": False, "lock_left_held": True}


@pytest.mark.measure  # latencies: with nothing else of the suite beside it
def test_an_event_stops_a_worker_at_once_a_flag_only_after_its_sleep():
    interval = 0.5
    # The request comes halfway through the worker's second sleep: 0.25 s from its end.
    result = threading_stop_event.main(interval=interval, run_for=0.75)
    assert result["event"] < interval / 2
    assert result["event"] < result["flag"]
    assert result["flag"] > 0.05  # the flag is seen only when the current sleep ends


def blocked_thread_survives_until_released(block, release) -> dict[str, object]:
    """Start a thread blocked in block(), async-raise into it, check, then release it."""
    outcome: dict[str, object] = {}
    ready = threading.Event()
    thread = threading.Thread(
        target=threading_async_raise.record_death, args=(block, outcome, ready)
    )
    thread.start()
    ready.wait()
    time.sleep(0.05)  # let it block
    threading_async_raise.async_raise(thread, threading_async_raise.Killed)
    thread.join(0.3)
    outcome["alive after wait"] = thread.is_alive()
    release()
    thread.join()
    return outcome


def test_the_exception_never_lands_in_a_thread_blocked_on_a_lock():
    lock = threading.Lock()
    lock.acquire()
    outcome = blocked_thread_survives_until_released(lock.acquire, lock.release)
    assert outcome["alive after wait"] is True
    assert outcome["ended"] == "killed"


def test_the_exception_never_lands_in_a_thread_blocked_in_recv():
    left, right = socket.socketpair()
    with left, right:
        outcome = blocked_thread_survives_until_released(
            lambda: right.recv(1), lambda: left.send(b"x")
        )
    assert outcome["alive after wait"] is True
    assert outcome["ended"] == "killed"


def test_the_timeline_shows_the_two_workers_one_after_the_other_each_past_the_request() -> None:
    timeline = record("snippets/threads/threading_stop_event.py").timeline
    run_for = inspect.signature(threading_stop_event.main).parameters["run_for"].default
    flag, event = threads(timeline)
    assert "poll_flag" in flag["name"] and "wait_event" in event["name"]
    # Each worker is asked to stop and joined before the next one starts.
    assert most_at_once(spans([flag, event])) == 1
    assert flag["end"] <= event["start"]
    assert event["end"] <= root(timeline)["end"]
    for worker in (flag, event):
        # Its lane begins before start() returns; the request comes run_for later, and the
        # worker leaves its loop only after the request.
        assert worker["end"] - worker["start"] >= run_for * 1_000_000
