"""docs/threads/stopping: async-raising an exception, Event-based stop, Queue.shutdown, signals."""

import inspect
import queue
import signal
import socket
import sys
import threading
import time

import newer_python
import pytest
from timelines import most_at_once, record, root, spans, threads

from snippets.threads import (
    multiprocessing_pool_sigint,
    signal_main_thread,
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


# Needs 3.13 (queue.Queue.shutdown): called on a newer interpreter with newer_python.
QUEUE_SHUTDOWN = "snippets.threads.queue_shutdown"


def test_queue_shutdown_is_new_in_3_13():
    assert hasattr(queue.Queue, "shutdown") is (sys.version_info >= (3, 13))


def test_queue_shutdown_drains_by_default_and_drops_when_immediate():
    results = newer_python.call("3.13", QUEUE_SHUTDOWN, "main", jobs=6, workers=2, seconds=0.01)
    graceful, immediate = results["graceful"], results["immediate"]
    assert graceful["done"] == 6
    assert immediate["done"] == 2  # each worker finishes the job in hand; four are dropped
    for result in (graceful, immediate):
        assert result["alive"] == []  # every worker returned: none left blocked in get()
        assert "main: put() after shutdown() raised ShutDown" in result["log"]
        returned = [line for line in result["log"] if "get() raised ShutDown, returned" in line]
        assert sorted(returned) == [
            "worker-0: get() raised ShutDown, returned",
            "worker-1: get() raised ShutDown, returned",
        ]


def test_the_signal_handler_runs_in_the_main_thread_only():
    before = signal.getsignal(signal.SIGINT)
    result = signal_main_thread.main(timeout=10)
    assert result["log"] == [
        "worker-1: signal.signal() raised ValueError: "
        "signal only works in main thread of the main interpreter",
        "worker-1: os.kill(own pid, SIGINT), as Ctrl+C would",
        "handler for SIGINT ran in MainThread",
        "MainThread: KeyboardInterrupt raised while it waited for the worker",
        "worker-1: not interrupted, carried on and returned",
    ]
    assert result["worker alive"] is False
    assert signal.getsignal(signal.SIGINT) is before  # the previous handler is back


def test_sigint_interrupts_the_parent_and_every_pool_worker(start_method):
    # Tasks of a minute: only the KeyboardInterrupt can end them within the test's timeouts.
    run = multiprocessing_pool_sigint.ctrl_c(False, 2, 60, start_method)
    assert run["parent"] == "KeyboardInterrupt"
    assert run["workers"] == ["KeyboardInterrupt in its task"] * 2


def test_workers_that_ignore_sigint_leave_the_decision_to_the_parent(start_method):
    run = multiprocessing_pool_sigint.ctrl_c(True, 2, 0.3, start_method)
    assert run["parent"] == "KeyboardInterrupt"
    assert run["workers"] == ["finished its task"] * 2


def test_signal_snippets_as_the_build_runs_them(run_script):
    for script in ("signal_main_thread", "multiprocessing_pool_sigint"):
        result = run_script(f"snippets/threads/{script}.py")
        assert result.returncode == 0, result.output
        assert "KeyboardInterrupt" in result.output


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
