"""docs/coroutines/cancellation: cancel, shield, timeouts composed, TaskGroup, shutdown, signals."""

import asyncio
import sys

import newer_python
import pytest

from snippets.coroutines import (
    asyncio_add_signal_handler,
    asyncio_cancel_finally,
    asyncio_cancel_message,
    asyncio_cancel_swallowed,
    asyncio_queue_sentinel,
    asyncio_run_sigint,
    asyncio_shield,
    asyncio_taskgroup_errors,
    asyncio_taskgroup_outer_cancel,
    asyncio_taskgroup_stop,
    asyncio_timeout_at,
    asyncio_timeout_nested,
    asyncio_timeout_reschedule,
    asyncio_uncancel,
    asyncio_wait_for_task,
)

# Needs 3.13 (asyncio.Queue.shutdown): called on a newer interpreter with newer_python.
QUEUE_SHUTDOWN = "snippets.coroutines.asyncio_queue_shutdown"


def test_cancel_raises_at_the_await_and_finally_runs():
    result = asyncio_cancel_finally.main(seconds=60, cancel_after=0.01)
    assert result["events"] == [
        "download: started, awaiting the network",
        "main: cancel() returned True; task.done() is False",
        "download: CancelledError raised at its await",
        "download: finally: temporary file removed",
        "main: awaiting the task raised CancelledError",
    ]
    assert result["cancelled"] is True


def test_the_cancel_message_reaches_the_task_and_whoever_awaits_it():
    events = asyncio_cancel_message.main(reason="shutting down", after=0.01)
    assert events == [
        "upload: CancelledError('shutting down') at its await",
        "main: awaiting the task raised CancelledError('shutting down')",
    ]


def test_cancelled_error_is_not_an_exception():
    assert not issubclass(asyncio.CancelledError, Exception)
    assert issubclass(asyncio.CancelledError, BaseException)


def test_a_swallowed_cancellation_defeats_the_timeout():
    results = asyncio_cancel_swallowed.main(limit=0.02, seconds=60)
    polite, stubborn = results["polite"], results["stubborn"]
    assert polite["after the block"] == "TimeoutError"
    assert "result" not in polite
    assert stubborn["after the block"] == "went on as if in time"
    assert stubborn["result"] == "pretended to finish"
    # Inside the except clause, one cancellation request was pending (Task.cancelling, 3.11).
    assert polite["cancelling"] == stubborn["cancelling"] == 1
    # Neither waited the 60 s: the deadline did cancel the sleep in both.
    assert polite["elapsed"] < 30 and stubborn["elapsed"] < 30


def test_uncancel_takes_back_one_request_not_all():
    results = asyncio_uncancel.main()
    for times, seen in results.items():
        assert seen["cancelling before"] == times
        assert seen["uncancel returned"] == seen["cancelling after"] == times - 1
        assert seen["result"] == "finished"  # one CancelledError for every request


def test_shield_lets_the_work_finish_though_the_wait_was_cancelled():
    outcome = asyncio_shield.main(limit=0.01, seconds=0.1)
    assert outcome["events"] == [
        "request: TimeoutError, saving.done() is False",
        "save: written to disk",
        "request: the shielded task returned 'saved'",
    ]
    assert outcome["cancelled"] is False
    assert outcome["result"] == "saved"


def test_the_earlier_deadline_fires_and_only_its_block_raises():
    # Deadlines far apart: a loop held off a busy CPU past both would see both fire in one
    # iteration, and the inner block would then see two cancellations, not its own timeout.
    results = asyncio_timeout_nested.main(short=0.05, long=0.6, seconds=60)
    assert results["inner first"] == [
        "inner block raised TimeoutError: the attempt took too long",
        "outer block raised TimeoutError: the whole request took too long",
    ]
    assert results["outer first"] == [
        "inner block saw CancelledError: not its own deadline",
        "outer block raised TimeoutError: the whole request took too long",
    ]


def test_reschedule_keeps_a_steady_transfer_alive_and_catches_a_stall():
    # Chunks every 0.01 s, an idle limit a hundred times that (a loop held off a busy CPU for a
    # fifth of a second must not look idle): the steady transfer never idles long, though it
    # lasts longer in all than the limit would allow without reschedule().
    results = asyncio_timeout_reschedule.main(chunks=150, gap=0.01, idle=1.0, stall=60)
    steady, stalled = results["steady sender"], results["sender stalls"]
    assert steady == {"received": 150, "outcome": "complete", "expired": False}
    assert stalled["received"] == 150
    assert stalled["outcome"].startswith("TimeoutError")
    assert stalled["expired"] is True


def test_timeout_at_gives_each_step_what_is_left_of_one_deadline():
    # The last step would sleep a minute: only the shared deadline can end it.
    events = asyncio_timeout_at.main(
        budget=0.3, steps={"authenticate": 0.01, "query": 0.01, "render": 60.0}
    )
    outcomes = [line.split("s ", 1)[1] for line in events]
    assert [outcome.split(":")[0] for outcome in outcomes] == ["authenticate", "query", "render"]
    assert outcomes[2] == "render: TimeoutError, the request's 0.3s were used up"
    left = [float(outcome.split("with ")[1].split("s")[0]) for outcome in outcomes[:2]]
    assert 0.3 >= left[0] >= left[1]  # what is left only shrinks
    assert float(events[2].split("s ", 1)[0]) >= 0.3  # never before the deadline


def test_wait_for_runs_the_coroutine_in_its_own_task_before_3_12():
    result = asyncio_wait_for_task.main()
    assert result["same task"] is (sys.version_info >= (3, 12))


def test_wait_for_runs_the_coroutine_in_the_callers_task_from_3_12():
    result = newer_python.call("3.12", "snippets.coroutines.asyncio_wait_for_task", "main")
    assert result["version"] >= [3, 12]
    assert result["same task"] is True


def test_every_error_of_the_group_reaches_its_except_star_clause():
    events = asyncio_taskgroup_errors.main()["events"]
    assert events == [
        "bystander: cancelled by the group",
        "except* ValueError got (ValueError('bad page'),)",
        "except* KeyError got (KeyError('no such user'),)",
    ]


def test_a_group_cancelled_from_outside_ends_its_tasks_then_raises_plainly():
    events = asyncio_taskgroup_outer_cancel.main(limit=0.02)
    assert sorted(events[:2]) == ["worker-1: finally ran", "worker-2: finally ran"]
    assert events[2] == "outside: TimeoutError, all tasks ended first"
    assert len(events) == 3


def test_taskgroup_cancel_is_gated_on_python_3_15():
    assert asyncio_taskgroup_stop.HAS_CANCEL is hasattr(asyncio.TaskGroup, "cancel")
    assert asyncio_taskgroup_stop.HAS_CANCEL is (sys.version_info >= (3, 15))


def test_before_3_15_the_recipe_stops_the_group_once_the_goal_is_met(capsys):
    delays = {"mirror-a": 60, "mirror-b": 0.01, "mirror-c": 60}
    result = asyncio_taskgroup_stop.main(delays=delays, use_cancel=False)
    assert result["found"] == ["mirror-b found it", "mirror-a cancelled", "mirror-c cancelled"]
    first_line = capsys.readouterr().out.splitlines()[0]
    assert "has no TaskGroup.cancel() (added in 3.15)" in first_line


def test_the_page_interpreter_takes_the_branch_its_version_has():
    result = newer_python.call(
        "3.13", "snippets.coroutines.asyncio_taskgroup_stop", "main", delays={"a": 0.01, "b": 60}
    )
    assert result["found"] == ["a found it", "b cancelled"]
    assert result["has cancel"] is False  # no 3.15 here: the recipe ran


def test_one_sentinel_per_worker_stops_every_worker_after_all_jobs():
    log = asyncio_queue_sentinel.main(jobs=7, workers=3, seconds=0.001)
    assert sum(" did job " in line for line in log) == 7
    returned = [line for line in log if line.endswith("got the sentinel and returned")]
    assert sorted(returned) == [f"worker-{i} got the sentinel and returned" for i in range(3)]


def test_queue_shutdown_drains_by_default_and_drops_when_immediate():
    results = newer_python.call("3.13", QUEUE_SHUTDOWN, "main", jobs=6, workers=2, seconds=0.001)
    graceful, immediate = results["graceful"], results["immediate"]
    assert graceful["done"] == 6 and graceful["dropped"] == 0
    assert immediate["done"] == 2 and immediate["dropped"] == 4  # the two jobs in hand
    for result in (graceful, immediate):
        assert "main: put() after shutdown() raised QueueShutDown" in result["log"]
        returned = [line for line in result["log"] if "raised QueueShutDown, returned" in line]
        assert len(returned) == 2


def test_queue_shutdown_is_new_in_3_13():
    assert hasattr(asyncio.Queue, "shutdown") is (sys.version_info >= (3, 13))


def test_ctrl_c_cancels_the_main_task_before_keyboard_interrupt():
    events = asyncio_run_sigint.main(after=0.01)
    assert events == [
        "serve: CancelledError at its await",
        "serve: finally: connections closed",
        "asyncio.run raised KeyboardInterrupt after the cleanup",
    ]


def test_ctrl_c_as_the_build_runs_it(run_script):
    result = run_script("snippets/coroutines/asyncio_run_sigint.py")
    assert result.returncode == 0, result.output
    assert "asyncio.run raised KeyboardInterrupt after the cleanup" in result.output


def test_sigterm_handler_stops_the_workers_cleanly():
    events = asyncio_add_signal_handler.main(after=0.02)
    assert events[0] == "handler: SIGTERM received, asking the workers to stop"
    assert sorted(events[1:3]) == [
        f"worker-{i}: saw the stop event, finished its round and returned" for i in (1, 2)
    ]
    assert events[3:] == ["serve: every worker returned, exiting with code 0"]


@pytest.mark.parametrize(
    "script",
    [
        "asyncio_cancel_finally",
        "asyncio_shield",
        "asyncio_taskgroup_stop",
        "asyncio_add_signal_handler",
    ],
)
def test_snippets_run_as_scripts(run_script, script):
    result = run_script(f"snippets/coroutines/{script}.py")
    assert result.returncode == 0, result.output
