"""docs/futures/index: submit() and Future, exceptions, callbacks, map(), as_completed(), wait()."""

import os
import sys

import newer_python

from snippets.futures import (
    futures_as_completed,
    futures_as_completed_timeout,
    futures_callback_raises,
    futures_callbacks,
    futures_exception,
    futures_map_buffersize,
    futures_map_chunksize,
    futures_map_error_queued,
    futures_map_errors,
    futures_map_order,
    futures_process_traceback,
    futures_submit,
    futures_wait,
)


def test_submit_returns_at_once_and_result_waits_with_a_timeout():
    result = futures_submit.main(delay=0.5)
    assert result["done_at_once"] is False
    assert result["timed_out"] == "TimeoutError"
    assert result["value"] == 49
    assert result["done"] is True


def test_an_exception_is_stored_in_the_future_and_re_raised_by_result():
    result = futures_exception.main()
    assert isinstance(result["stored"], ValueError)
    assert result["same_object"] is True
    assert result["forgotten_failed"] is True


def test_a_forgotten_failure_prints_nothing(run_script):
    run = run_script("snippets/futures/futures_exception.py")
    assert run.returncode == 0
    assert "Traceback" not in run.output


def test_a_process_pool_error_carries_the_workers_traceback_as_its_cause(start_method):
    result = futures_process_traceback.main(start_method=start_method)
    assert result["cause_type"] == "_RemoteTraceback"
    assert "Traceback (most recent call last)" in result["cause_text"]
    assert "in average" in result["cause_text"]  # the frame of the task, in the worker


def test_the_traceback_is_printed_with_both_parts(run_script):
    run = run_script("snippets/futures/futures_process_traceback.py")
    assert run.returncode == 0
    assert "_RemoteTraceback" in run.output
    assert "The above exception was the direct cause" in run.output


def test_callbacks_run_in_the_thread_that_completes_or_the_one_that_adds(start_method):
    result = futures_callbacks.main(delay=0.5, start_method=start_method)
    seen, main_pid = result["seen"], f"pid {os.getpid()},"
    assert seen["thread pool, added before done"].endswith("thread pool_0")
    assert seen["thread pool, added once done"] == result["main"]
    process_pool = seen["process pool, added before done"]
    assert process_pool.startswith(main_pid)  # in this process, not in the worker
    assert not process_pool.endswith("MainThread")  # in the pool's own thread
    assert not result["task"].startswith(main_pid)


def test_a_raising_callback_is_logged_and_the_others_still_run():
    outcome = futures_callback_raises.main()
    assert outcome["ran"] == ["broken", "after", "broken"]  # the last one, added once done
    assert len(outcome["logged"]) == 2
    for name, level, error in outcome["logged"]:
        assert (name, level) == ("concurrent.futures", "ERROR")
        assert isinstance(error, ValueError)
    assert outcome["result"] == 42


def test_map_yields_in_input_order():
    delays = (0.3, 0.0, 0.15)
    result = futures_map_order.main(delays)
    assert result["results"] == list(delays)
    assert sorted(result["finished"]) == sorted(delays)


def test_map_raises_lazily_and_its_timeout_counts_from_the_call():
    result = futures_map_errors.main(timeout=0.3)
    assert result["yielded"] == [1.0, 0.5]  # the results before the failing one
    assert result["raised"] == "ZeroDivisionError"
    assert result["timeout_after"] >= 0.3
    assert result["with_left_after"] >= 4 * 0.3  # shutdown waited for the long sleep


def test_an_error_in_map_cancels_the_queued_calls_and_lets_the_running_ones_end():
    outcome = futures_map_error_queued.main(inputs=6, seconds=1.0)
    assert 1 in outcome["ended"]  # it ran beside the failing call from the start
    # every call that started, but the failing one, ran to its end; the rest never started
    assert outcome["ended"] == [n for n in outcome["started"] if n != 0]
    assert sorted(outcome["started"] + outcome["never_ran"]) == list(range(6))
    # 4 and 5 could start only once two one-second calls had ended, long after the error
    assert {4, 5} <= set(outcome["never_ran"])


def test_map_chunks_go_whole_to_one_worker(start_method):
    result = futures_map_chunksize.main(items=12, chunksize=4, start_method=start_method)
    assert [n for n, _ in result["runs"][1]] == list(range(12))
    chunked = result["runs"][4]
    assert [n for n, _ in chunked] == list(range(12))
    for start in range(0, 12, 4):
        assert len({pid for _, pid in chunked[start : start + 4]}) == 1


def test_buffersize_gate_follows_the_version():
    assert (sys.version_info >= (3, 14)) == futures_map_buffersize.HAS_BUFFERSIZE
    result = futures_map_buffersize.main(wanted=5, buffersize=2)
    assert result["has_buffersize"] is futures_map_buffersize.HAS_BUFFERSIZE
    if result["has_buffersize"]:
        assert result["squares"] == [0, 1, 4, 9, 16]
        assert result["taken"] <= 5 + 2


def test_buffersize_gate_on_the_pages_interpreter():
    """The page shows 3.13 here: its map() has no buffersize, and the snippet says so."""
    result = newer_python.call("3.13", "snippets.futures.futures_map_buffersize", "main")
    minor = int(result["version"].split(".")[1])
    assert result["has_buffersize"] is (minor >= 14)


def test_as_completed_yields_in_finishing_order():
    delays = {"slow": 1.2, "fast": 0.0, "middle": 0.6}
    result = futures_as_completed.main(delays)
    assert result["completed"] == ["fast", "middle", "slow"]


def test_as_completed_times_out_and_leaves_the_unfinished_running():
    # small.txt takes 10 ms of a 2 s timeout; the large ones wait a minute unless released.
    outcome = futures_as_completed_timeout.main(timeout=2.0, quick=0.01, slow=60.0)
    assert outcome["completed"] == ["small.txt"]
    assert outcome["timed_out_at"] >= 2.0
    assert outcome["running"] == ["big.iso", "huge.iso"]


def test_wait_returns_on_first_completed_first_exception_or_all():
    result = futures_wait.main(patience=5.0)
    assert result["FIRST_COMPLETED"] == (["quick"], ["held-1", "held-2"])
    assert result["FIRST_EXCEPTION"] == (["broken"], ["held-1", "held-2"])
    assert result["ALL_COMPLETED"] == (["broken", "held-1", "quick"], [])
    # The held job waits for an event set only after wait() returned: the timeout returns with
    # it still running, and raises nothing.
    assert result["ALL_COMPLETED, timeout=5.0"] == (["quick"], ["held-1"])
