"""docs/coroutines/debugging: debug mode, silent failures, introspection, threads and the loop."""

import asyncio
import concurrent.futures
import itertools
import re
import sys
import threading
import time

import newer_python
import pytest
from parallelism import most_at_once

from snippets.coroutines import (
    asyncio_background_tasks,
    asyncio_blocking_heartbeat,
    asyncio_call_graph,
    asyncio_debug_logging,
    asyncio_debug_slow_callback,
    asyncio_debug_switches,
    asyncio_dev_mode,
    asyncio_loop_in_thread,
    asyncio_never_awaited,
    asyncio_never_retrieved,
    asyncio_run_coroutine_threadsafe,
    asyncio_task_stacks,
    asyncio_to_thread_executor,
    asyncio_wrong_thread,
)


def test_each_of_the_three_switches_turns_debug_mode_on():
    assert asyncio_debug_switches.main() == {
        "nothing": False,
        "asyncio.run(..., debug=True)": True,
        "PYTHONASYNCIODEBUG=1": True,
        "python -X dev": True,
    }


def test_debug_mode_logs_what_the_loop_does_only_with_the_logger_at_debug():
    records = asyncio_debug_logging.main()
    # Debug mode was on, yet its DEBUG and INFO records were dropped (a busy machine can make a
    # step slow enough for a WARNING).
    assert all(record.startswith("WARNING: ") for record in records["WARNING"])
    debug = records["DEBUG"]
    assert any(record.startswith("DEBUG: Using selector: ") for record in debug)
    assert any(re.search(r" connected to 127\.0\.0\.1:\d+", record) for record in debug)
    assert any(record.startswith("INFO: ") and " is serving" in record for record in debug)


def test_only_development_mode_reports_the_stream_left_open():
    found = asyncio_dev_mode.main()
    assert found["python"] == []
    assert any(
        w.startswith("ResourceWarning: unclosed <StreamWriter") for w in found["python -X dev"]
    )


def test_the_watchdog_dumps_the_stack_of_the_hung_loop(run_script):
    result = run_script("snippets/coroutines/asyncio_faulthandler.py")
    assert result.returncode == 0, result.output
    lines = result.output.splitlines()
    timeout = next(i for i, line in enumerate(lines) if line.startswith("Timeout ("))
    read = next(i for i, line in enumerate(lines) if line.endswith(" in read_config"))
    load = next(i for i, line in enumerate(lines) if line.endswith(" in load"))
    assert timeout < read < load  # the innermost frame first: where the loop is stuck


def test_debug_mode_reports_the_task_that_blocked_and_for_how_long():
    seconds = 0.15
    messages = asyncio_debug_slow_callback.main(seconds=seconds, threshold=0.05)
    # The blocking step itself; on a busy machine another step that mentions the task (the
    # waiting task's wake-up) can pass the threshold too.
    blocked = [
        (float(match[1]), message)
        for message in messages
        if (
            match := re.fullmatch(
                r"Executing <Task \w+ name='load-config'.*> took (\d+\.\d+) seconds", message, re.S
            )
        )
    ]
    assert blocked, messages
    took, message = max(blocked)
    assert took >= seconds - 0.001  # time.sleep never wakes early; %.3f rounds
    assert " created at " in message  # debug mode records where each task was created


def test_the_slow_callback_warning_reaches_stderr(run_script):
    result = run_script("snippets/coroutines/asyncio_debug_slow_callback.py")
    assert result.returncode == 0, result.output
    assert re.search(r"^asyncio WARNING: Executing <Task .*name='load-config'", result.output, re.M)


def test_a_coroutine_never_awaited_warns_and_debug_mode_says_where_it_was_made():
    with pytest.warns(RuntimeWarning, match="never awaited"):  # shown on stderr as well
        messages = asyncio_never_awaited.main()
    assert messages["debug=False"] == "coroutine 'save' was never awaited"
    debug = messages["debug=True"]
    assert debug.startswith(
        "coroutine 'save' was never awaited\nCoroutine created at (most recent call last)\n"
    )
    assert re.search(r'line \d+, in handler\n\s+save\("order 42"\)', debug)


def test_the_plain_warning_comes_with_the_first_run_the_traceback_with_the_second(run_script):
    result = run_script("snippets/coroutines/asyncio_never_awaited.py")
    assert result.returncode == 0, result.output
    plain, debug = result.output.split("--- asyncio.run(handler(), debug=True)\n")
    assert plain.count("RuntimeWarning: coroutine 'save' was never awaited") == 1
    assert "Coroutine created at" not in plain
    assert debug.count("RuntimeWarning: coroutine 'save' was never awaited") == 1
    assert "Coroutine created at (most recent call last)" in debug


def test_an_unretrieved_exception_is_reported_only_when_the_task_is_freed():
    counts, messages = asyncio_never_retrieved.main()
    assert counts == {"failed, still referenced": 0, "freed": 1}
    assert messages[0].startswith("Task exception was never retrieved\n")
    assert "name='send-report'" in messages[0]
    assert "ConnectionError('mail server refused the connection')" in messages[0]


def test_a_task_only_the_loop_refers_to_is_collected_one_in_a_set_survives():
    results = asyncio_background_tasks.main()
    assert results["keep=False"] == [
        "job: closed while still waiting",
        "no reply can be delivered: the task and its future are gone",
    ]
    assert results["keep=True"] == ["job: got '200 OK'", "background_tasks empty again: True"]
    assert len(results["logged"]) == 1
    assert results["logged"][0].startswith("Task was destroyed but it is pending!\n")


def test_time_sleep_stops_the_heartbeat_asyncio_sleep_does_not():
    steps = 3
    timelines = asyncio_blocking_heartbeat.main(steps=steps, seconds=0.1, interval=0.02)
    marks = [str(step) for step in range(steps)]
    blocking = timelines["time.sleep"]
    assert "♥" in blocking[: blocking.index("0")]  # it beat while the work was awaited
    first = blocking.index("0")
    assert blocking[first : first + steps] == marks  # not one beat between the steps
    assert "♥" in blocking[first + steps :]  # and beats again afterwards
    polite = timelines["await asyncio.sleep"]
    positions = [polite.index(mark) for mark in marks]
    for here, there in itertools.pairwise(positions):
        assert "♥" in polite[here:there]  # a beat between every two steps


def test_get_stack_shows_only_each_tasks_own_frame():
    waits = asyncio_task_stacks.main(urls=("/a", "/b"))
    assert sorted(waits) == ["crawler", "fetch /a", "fetch /b"]  # not the task asking
    assert [len(frames) for frames in waits.values()] == [1, 1, 1]
    assert waits["crawler"][0].startswith("crawl:")  # not TaskGroup.__aexit__ below it
    assert all(waits[name][0].startswith("fetch:") for name in ("fetch /a", "fetch /b"))


def test_all_tasks_includes_the_task_that_asks():
    async def ask() -> bool:
        return asyncio.current_task() in asyncio.all_tasks()

    assert asyncio.run(ask())


def test_print_stack_prints_the_task_and_its_frame(run_script):
    result = run_script("snippets/coroutines/asyncio_task_stacks.py")
    assert result.returncode == 0, result.output
    assert "Stack for <Task pending name='crawler'" in result.output
    assert "async with asyncio.TaskGroup() as tg:" in result.output


def test_call_graph_exists_from_3_14_and_the_snippet_says_so_before():
    assert hasattr(asyncio, "capture_call_graph") == (sys.version_info >= (3, 14))
    assert hasattr(asyncio, "print_call_graph") == (sys.version_info >= (3, 14))


def test_call_graph_snippet_prints_one_plain_line_where_it_is_missing(capsys):
    if sys.version_info >= (3, 14):
        assert asyncio_call_graph.main() == ["fetch /a", "crawler", "main"]
        return
    assert asyncio_call_graph.main() is None
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert capsys.readouterr().out == (
        f"Python {version} has no asyncio.capture_call_graph (added in 3.14)\n"
    )
    # The newest interpreter here is older than 3.14 too: the same branch.
    assert newer_python.call("3.13", "snippets.coroutines.asyncio_call_graph", "main") is None


def test_run_coroutine_threadsafe_runs_in_the_loop_and_answers_the_thread():
    results = asyncio_run_coroutine_threadsafe.main()
    assert results["answers"] == [
        "asyncio_0 got alpha=5 (looked up in MainThread)",
        "asyncio_0 got beta=4 (looked up in MainThread)",
    ]
    assert results["progress"] == ["alpha done", "beta done"]


def test_a_loop_in_a_thread_serves_many_threads_at_once_and_stops():
    before = threading.active_count()
    results = asyncio_loop_in_thread.main(files=3, seconds=0.5, hang=0.5)
    assert results["loop_threads"] == {"event-loop"}
    assert most_at_once(results["spans"]) == 3  # the three downloads overlapped
    assert results["alive"] is False and results["closed"] is True
    assert threading.active_count() == before


def test_leaving_the_loop_thread_cancels_what_is_pending():
    results = asyncio_loop_in_thread.main(files=1, seconds=0.01, hang=0.5)
    assert results["events"] == ["watcher: cancelled when the loop stopped, its finally ran"]
    assert results["watcher_cancelled"] is True


def test_a_blocked_loop_thread_raises_on_exit_and_closes_once_unblocked():
    service = asyncio_loop_in_thread.LoopThread(stop_timeout=0.05)
    with pytest.raises(TimeoutError, match=r"did not stop within 0\.05 s"), service:
        service.loop.call_soon_threadsafe(time.sleep, 1.0)
    assert service.thread.is_alive()  # the callback still holds the loop
    assert not service.loop.is_closed()  # and a running loop is not closed under it
    service.thread.join(timeout=30)
    assert service.loop.is_closed()


def test_loop_methods_from_another_thread_need_the_threadsafe_variant():
    assert asyncio_wrong_thread.main(wait=0.5) == {
        "call_soon, debug=True": "RuntimeError: Non-thread-safe operation invoked on an event "
        "loop other than the current one",
        "call_soon, debug=False": "the callback ran only when the loop's own timer woke it",
        "call_soon_threadsafe, debug=False": "the callback ran before the loop's timer",
    }


def test_to_thread_copies_the_context_run_in_executor_does_not():
    results = asyncio_to_thread_executor.main()
    assert results["asyncio.to_thread"].endswith("request_id=req-42")
    assert results["run_in_executor(None)"].endswith("request_id=-")
    assert " in db_0, " in results["run_in_executor(pool)"]  # the pool made outside the loop
    assert results["run_in_executor(pool)"].endswith("request_id=-")


def test_run_coroutine_threadsafe_returns_a_concurrent_future() -> None:
    """What the page says, and the snippet's comment: a concurrent.futures.Future, whose
    result() blocks the calling thread."""
    loop = asyncio.new_event_loop()
    runner = threading.Thread(target=loop.run_forever, name="loop")
    runner.start()
    try:

        async def answer() -> int:
            return 42

        future = asyncio.run_coroutine_threadsafe(answer(), loop)
        assert isinstance(future, concurrent.futures.Future)
        assert not isinstance(future, asyncio.Future)
        assert future.result(timeout=30) == 42
    finally:
        loop.call_soon_threadsafe(loop.stop)
        runner.join(timeout=30)
        loop.close()
