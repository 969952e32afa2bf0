"""docs/coroutines/asyncio: run, create_task, gather, TaskGroup, timeout."""

import asyncio
import inspect
import re
import sys

import newer_python
from timelines import most_at_once, record, spans, tasks

from snippets.coroutines import (
    asyncio_create_task,
    asyncio_gather_cancelled,
    asyncio_gather_errors,
    asyncio_gather_order,
    asyncio_get_event_loop,
    asyncio_run,
    asyncio_run_leftovers,
    asyncio_taskgroup_cancel,
    asyncio_timeout,
    asyncio_wait,
)


def test_calling_a_coroutine_function_runs_nothing():
    events: list[str] = []
    coroutine = asyncio_run.breakfast(0.01, events, 0.0)
    assert inspect.iscoroutine(coroutine)
    assert events == []
    coroutine.close()


def test_awaits_in_sequence_run_one_after_another():
    seconds = 0.05
    is_coroutine, events, elapsed = asyncio_run.main(seconds=seconds)
    assert is_coroutine
    assert events == ["start coffee", "done coffee", "start tea", "done tea"]
    assert elapsed >= 2 * seconds  # a lower bound: sleep never returns early


def test_asyncio_run_cancels_what_is_pending_before_it_raises():
    events = asyncio_run_leftovers.main(interval=0.01, fail_after=0.05)["events"]
    assert events == [
        "serve: started heartbeat, which nobody awaits",
        "serve: raising ValueError",
        "heartbeat: CancelledError at its await",
        "heartbeat: finally ran",
        "asyncio.run raised ValueError: configuration missing",
    ]


def test_create_task_runs_both_at_once():
    events, _ = asyncio_create_task.main(seconds=0.05)
    # Both have started before either finishes: they overlap.
    assert events[:2] == ["start coffee", "start tea"]
    assert sorted(events[2:]) == ["done coffee", "done tea"]


def test_gather_keeps_argument_order_not_finish_order():
    # The first one waits; the others only yield once, so they always finish before it.
    results, finished = asyncio.run(asyncio_gather_order.square_all([1, 2, 3], [0.2, 0, 0]))
    assert finished == [2, 3, 1]
    assert results == [1, 4, 9]


def test_gather_result_follows_the_arguments_on_the_page():
    numbers = (1, 2, 3, 4, 5)
    results, finished = asyncio_gather_order.main(numbers, step=0.02)
    assert sorted(finished) == list(numbers)
    assert results == [n * n for n in numbers]


def test_gather_raises_the_first_error_and_leaves_the_others_running():
    # The other awaitable sleeps far longer than the failing one: nothing but a cancellation
    # could end it before gather raised, and gather cancels nothing.
    outcome = asyncio_gather_errors.main(fail_after=0.01, seconds=1.0)
    assert outcome["left_running"] is True
    assert outcome["result"] == "slow data"  # it finished on its own afterwards
    slow, error = outcome["outcomes"]
    assert slow == "slow data" and isinstance(error, ValueError)


def test_a_cancelled_gather_cancels_its_running_children_and_keeps_a_done_result():
    # The slow children sleep a minute: only the cancellation can end them within the test.
    outcome = asyncio_gather_cancelled.main(quick=0.01, slow=60.0)
    assert outcome == {
        "quick": "result 'quick data'",
        "slow-1": "cancelled",
        "slow-2": "cancelled",
    }


def test_wait_raises_nothing_and_cancels_nothing():
    # slow sleeps a minute: it is pending after both waits, and only the caller ends it.
    outcome = asyncio_wait.main(quick=0.05, limit=5.0, slow=60.0)
    assert "quick" in outcome["first"] and "slow" not in outcome["first"]
    assert outcome["timed_out_pending"] == ["slow"]


def test_as_completed_yields_the_tasks_themselves_and_leaves_the_rest_on_timeout():
    outcome = newer_python.call(
        "3.13",
        "snippets.coroutines.asyncio_as_completed",
        sizes={"big.iso": 60.0, "medium.zip": 0.3, "small.txt": 0.05},
        limit=5.0,
    )
    assert outcome == {"finished": ["small.txt", "medium.zip"], "cancelled": ["big.iso"]}


def test_a_failing_task_cancels_its_siblings():
    # The siblings would sleep a minute; the group ends as soon as the failure cancels them.
    outcomes, errors = asyncio_taskgroup_cancel.main(fail_after=0.02, sibling_seconds=60)
    assert outcomes == {
        "broken": "raised ValueError",
        "page-1": "cancelled",
        "page-2": "cancelled",
        "page-3": "cancelled",
    }
    assert [type(error) for error in errors] == [ValueError]


def test_timeout_raises_timeout_error_and_cancels_the_work():
    runs = asyncio_timeout.main(limit=0.05, fast=0.001, slow=60)
    result, outcome, _ = runs["slow"]
    assert result == "TimeoutError"
    assert outcome == ["cancelled"]


def test_work_within_the_limit_is_untouched():
    runs = asyncio_timeout.main(limit=30, fast=0.01, slow=0.02)
    assert runs["fast"][:2] == ("rows", ["finished"])
    assert runs["slow"][:2] == ("rows", ["finished"])


def test_asyncio_timeout_error_is_the_builtin():
    assert asyncio.TimeoutError is TimeoutError


def test_get_event_loop_with_none_running_depends_on_the_version(run_script):
    # A fresh process: one that has run asyncio.run() before has set "no current loop".
    result = run_script("snippets/coroutines/asyncio_get_event_loop.py")
    assert result.returncode == 0, result.output
    old = re.search(r"^asyncio\.get_event_loop\(\): (.*)$", result.output, re.M)[1]
    if sys.version_info >= (3, 14):
        assert old.startswith("RuntimeError: There is no current event loop")
    elif sys.version_info >= (3, 12):
        assert old == "ran, result 42; DeprecationWarning: There is no current event loop"
    else:
        assert old == "ran, result 42; no warning"
    assert "asyncio.run():            result 42" in result.output


def test_asyncio_run_gives_the_same_result_either_way():
    assert asyncio_get_event_loop.main()["new"] == 42


def test_the_timeline_shows_the_siblings_cancelled_right_after_the_failure() -> None:

    timeline = record("snippets/coroutines/asyncio_taskgroup_cancel.py").timeline
    [broken] = tasks(timeline, "broken(")
    siblings = tasks(timeline, "download(")
    assert broken["state"] == "failed" and len(siblings) == 3
    for sibling in siblings:
        assert sibling["state"] == "cancelled"
        # Ended by the failure (their sleep was 2 s), within a bound a busy machine keeps.
        assert broken["end"] <= sibling["end"] < broken["end"] + 1_000_000


def test_the_timeline_shows_gather_running_one_task_per_call_all_at_once() -> None:
    run = record("snippets/coroutines/asyncio_gather_order.py")
    [outer] = tasks(run.timeline, "square_all(")
    squares = tasks(run.timeline, "slow_square(")
    assert len(squares) == 5
    assert most_at_once(spans(squares)) == 5  # gather made all the tasks before any ran
    assert outer["end"] >= max(task["end"] for task in squares)
    # The tasks end in the order the output says they finished.
    finished = re.search(r"^finish order: +\[(.*)\]$", run.output, re.M)[1]
    end_of = {task["name"]: task["end"] for task in squares}
    ends = [end_of[f"slow_square({n})"] for n in finished.split(", ")]
    assert ends == sorted(ends)  # (two ends in one microsecond may tie)
