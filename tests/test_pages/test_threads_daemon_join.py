"""docs/threads/daemon-join: daemon threads, the setDaemon deprecation, the join pitfall."""

import itertools
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import fresh_interpreter
import newer_python
import pytest
from timelines import most_at_once, record, root, spans, threads

from snippets.threads import (
    threading_daemon,
    threading_join_interrupted,
    threading_join_pitfall,
    threading_join_refused,
    threading_join_timeout,
    threading_setdaemon_deprecated,
)


def test_at_exit_the_worker_is_waited_for_and_the_daemon_is_cut_off(run_script):
    result = run_script("snippets/threads/threading_daemon.py")
    assert result.returncode == 0
    lines = result.output.splitlines()
    returned = next(i for i, line in enumerate(lines) if line.startswith("main: returns"))
    # The process waited for the worker: its last tick and its finally come after main returned.
    assert lines.index("worker: tick 4/4") > returned
    assert lines.index("worker: finally block ran") > returned
    assert "daemon: tick 1/10" in lines
    assert "daemon: tick 10/10" not in lines
    assert "daemon: finally block ran" not in lines  # stopped abruptly: no clean-up ran


def test_a_daemon_thread_that_ends_on_its_own_runs_its_finally(capsys):
    threads = threading_daemon.main(daemon_ticks=2, worker_ticks=1, interval=0.01, main_runs_for=0)
    assert threads["daemon"].daemon and not threads["worker"].daemon
    for thread in threads.values():
        thread.join(timeout=5)
        assert not thread.is_alive()
    out = capsys.readouterr().out
    assert "daemon: finally block ran" in out and "worker: finally block ran" in out


def test_setdaemon_is_deprecated():
    with pytest.warns(DeprecationWarning, match="setDaemon"):
        assert threading_setdaemon_deprecated.main() is True


def test_the_deprecation_warning_reaches_stderr_when_run_as_a_script(run_script):
    result = run_script("snippets/threads/threading_setdaemon_deprecated.py")
    assert result.returncode == 0
    assert "DeprecationWarning: setDaemon() is deprecated" in result.stderr
    assert "daemon=True" in result.output


def test_join_inside_the_loop_runs_all_threads_one_after_another():
    count, delay = 5, 0.3  # the delay is the margin a busy machine has to start the threads
    result = threading_join_pitfall.main(count=count, delay=delay)
    serial, parallel = result["serial"], result["parallel"]
    assert len(serial["started"]) == count  # five threads ran, not three
    assert serial["elapsed"] >= count * delay
    # Each thread starts only after the previous one has slept `delay` and ended.
    starts = serial["started"]
    assert all(later - earlier >= delay for earlier, later in itertools.pairwise(starts))
    assert parallel["elapsed"] < serial["elapsed"]
    # Started together: every thread began before the first one finished its sleep.
    assert max(parallel["started"]) - min(parallel["started"]) < delay


def test_join_with_a_timeout_returns_none_either_way():
    patience = 0.05
    result = threading_join_timeout.main(work=0.5, patience=patience)
    assert result["returned"] is None
    assert result["waited"] >= patience  # never before its timeout
    assert (result["alive_after_timeout"], result["alive_at_end"]) == (True, False)


def test_join_refuses_a_thread_not_started_and_the_calling_thread():
    assert threading_join_refused.main() == {
        "join() before start()": "cannot join thread before it is started",
        "a thread joining itself": "cannot join current thread",
    }


@pytest.mark.parametrize("old_name", ["isDaemon", "getName"])
def test_the_other_camel_case_accessors_are_deprecated_too(old_name):
    thread = threading.Thread(target=lambda: None)
    with pytest.warns(DeprecationWarning, match=old_name):
        getattr(thread, old_name)()
    with pytest.warns(DeprecationWarning, match="setName"):
        thread.setName("renamed")


def test_a_thread_pool_with_block_waits_for_every_task():
    done: list[int] = []
    with ThreadPoolExecutor(max_workers=3) as pool:
        for i in range(6):
            pool.submit(lambda i=i: (time.sleep(0.02), done.append(i)))
    assert sorted(done) == list(range(6))


def test_the_timeline_shows_the_join_pitfall_serial_and_the_fix_together() -> None:
    """What the page's timeline shows, read from the recorded run as the build draws it."""

    timeline = record("snippets/threads/threading_join_pitfall.py").timeline
    serial, together = threads(timeline, "serial-"), threads(timeline, "parallel-")
    assert len(serial) == len(together) == 5
    assert most_at_once(spans(serial)) == 1  # join() in the loop: never two at once
    assert most_at_once(spans(together)) == 5  # each sleeps while the others start


def test_the_timeline_shows_the_daemon_cut_off_and_the_worker_ending_on_its_own() -> None:
    timeline = record("snippets/threads/threading_daemon.py").timeline
    [daemon] = threads(timeline, "daemon")
    [worker] = threads(timeline, "worker")
    assert daemon["daemon"] and not worker["daemon"]
    assert daemon.get("cut_off")  # it never returned: no end of its own was recorded
    assert daemon["end"] == root(timeline)["end"]  # drawn ending where the process ends
    assert not worker.get("cut_off") and worker["end"] <= root(timeline)["end"]


JOIN_INTERRUPTED = "snippets.threads.threading_join_interrupted"
QUICK = {"press_after": 0.2, "tick": 0.05, "clean_up": 0.1}


def test_ctrl_c_ends_the_join_and_the_thread_runs_on_until_told_to_stop():
    # The worker ends only once told to stop, after the interrupt: no outcome depends on timing.
    result = newer_python.call("3.13", JOIN_INTERRUPTED, "main", **QUICK)
    assert result == {"interrupted": True, "alive_when_interrupted": True, "cleaned_up": True}


def test_an_interrupted_join_marks_a_running_thread_ended_before_3_13():
    """On the interpreter running the tests (3.11 on the README's machine): cpython#90882.

    In a new interpreter: the snippet sends SIGINT to its own process, and before 3.13 the lost
    worker is cut off at exit, so a long clean-up costs nothing there.
    """
    fixed = sys.version_info >= (3, 13)
    clean_up = 0.1 if fixed else 20.0
    started = time.monotonic()
    result = fresh_interpreter.call_main(
        threading_join_interrupted.__name__, **{**QUICK, "clean_up": clean_up}
    )
    took = time.monotonic() - started
    assert result["interrupted"] is True
    # The worker was waiting for a stop signal nobody had sent: it was running all along.
    assert result["alive_when_interrupted"] is fixed
    # Before 3.13 the second join() returned at once, long before the clean-up ended, and the
    # interpreter did not wait for the worker at exit either.
    assert result["cleaned_up"] is fixed
    if not fixed:
        assert took < clean_up / 2
