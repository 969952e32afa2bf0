"""docs/threads/gil: CPU-bound threads gain nothing, processes do; I/O-bound threads do.

The page measures nothing itself: it says what the GIL predicts and points to the pages that
measure it (choosing/index, threads/free-threading). This module asserts those predictions,
with the measuring program's own functions, and what the page says of the timeline of the
same CPU-bound work in two threads, then in two processes.
"""

import os
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor

import parallelism
import pytest
from conftest import ROOT
from snippet_runner import oncpu
from snippet_runner.interpreters import Interpreter
from snippet_runner.matrix import Combination
from snippet_runner.plan import ATTEMPTS  # runs in all before a timing statement fails
from snippet_runner.statements import Statements, judge
from timelines import (
    SECOND,
    judged_on,
    made_up,
    record,
    said_by_every_page,
    said_of,
    threads_then_processes,
    took_turns,
    were_at_once,
)

from snippets.choosing import models_measure
from snippets.home import platform_build_env
from snippets.threads import cpu_threads_and_processes

GIL_ENABLED = getattr(sys, "_is_gil_enabled", lambda: True)()
THREADS = "ThreadPoolExecutor(4), a thread per task"
BOTH_WAYS = "snippets/threads/cpu_threads_and_processes.py"


def test_io_bound_threads_overlap_their_waits():
    # Waiting releases the GIL: the threads' waits are in progress at the same moments (a
    # busy machine can start the threads late, but cannot put their sleeps one after another).
    recorded = parallelism.RecordedWaits(models_measure.wait_for_io)
    models_measure.in_pool(ThreadPoolExecutor(8), recorded, [0.2] * 8)
    assert len(recorded.spans) == 8
    assert parallelism.most_at_once(recorded.spans) >= 2


@pytest.mark.skipif(not GIL_ENABLED, reason="a free-threaded build runs threads in parallel")
def test_cpu_bound_threads_never_use_more_than_one_core():
    wall, cpu = models_measure.cpu_bound(4, models_measure.iterations_for(0.05), 1, None)[THREADS]
    # The GIL lets one thread run bytecode at a time: together the threads never use more CPU
    # time than the wall time they took, so they cannot finish sooner than their work's CPU
    # time, one computation after another. A busy machine only lowers this ratio. (How their
    # wall time compares with another run's depends on the load in each: the page's
    # statements compare them only where the machine was quiet.)
    assert cpu <= wall * 1.05 + 0.01


@pytest.mark.measure
def test_processes_use_several_cores_at_once():
    """Processes have a GIL each: two processes compute at the same moments."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: nothing can compute at once")
    overlaps = parallelism.processes_overlap(None)
    assert overlaps[-1] >= parallelism.MEANINGFUL * 0.3, overlaps


def test_the_build_facts_say_whether_the_interpreter_is_free_threaded():
    facts = platform_build_env.this_interpreter()
    assert facts["free_threaded"] == bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    if not facts["free_threaded"]:  # a build with the GIL cannot turn it off
        assert getattr(sys, "_is_gil_enabled", lambda: True)()


@pytest.mark.skipif(not GIL_ENABLED, reason="a free-threaded build runs threads in parallel")
def test_the_timeline_shows_cpu_bound_threads_taking_turns_waiting_for_the_gil():
    """cpu_threads_and_processes's threads, sampled from outside: never proven on a CPU at
    once, each waiting for the GIL while the other computed (its processes: test_choosing_index)."""
    script = cpu_threads_and_processes.__file__
    timeline = took_turns(lambda: record(script).timeline, ["thread-"])
    for thread in ("thread-1", "thread-2"):
        assert oncpu.waits(timeline, thread).get("gil", 0) > 0


def test_the_page_shows_no_measurement_of_its_own_and_links_to_those_that_measure():
    for language in ("zh", "en"):
        text = (ROOT / "docs" / "threads" / f"gil.{language}.md").read_text(encoding="utf-8")
        assert "models_measure.py" not in text and "platform_build_env.py" not in text
        assert "../choosing/index.md#measured" in text
        assert "free-threading.md#cpu-bound-threads" in text
        assert "../index.md#build-environment" in text


# ------------------------------------------------------------------ the timeline, said
# threads/gil and choosing/index show the same block and say the same of its timeline: each
# page's statement is read against timelines written for the purpose (its processes: in
# test_choosing_index).


@pytest.mark.parametrize("statement", said_by_every_page("the_threads_took_turns", BOTH_WAYS))
def test_threads_that_took_turns_are_said_to_and_no_others(statement):
    assert statement.scope.free_threaded is False
    assert judged_on(statement, threads_then_processes()).about_timing  # it reads the samples
    assert said_of(statement, threads_then_processes()) is True
    # Proven on a CPU at once: however busy the machine, the samples did not blur that.
    at_once = threads_then_processes(threads_at_once=True)
    assert said_of(statement, at_once) is False
    assert said_of(statement, at_once, free=0.2) is False
    # Shared slices, never proven at once (the kernel's tick lag covers them): looks too far
    # apart to tell the turns. Not shown, whether the machine was busy or not; never false.
    blurred = made_up(
        {
            "thread-1": (0, SECOND, [1.0, 0.3, 0.0], "gil"),
            "thread-2": (0, SECOND, [0.3, 1.0, 0.0], "gil"),
        }
    )
    assert said_of(statement, blurred) is None
    assert said_of(statement, blurred, free=0.2) is None
    assert "too coarse" in judged_on(statement, blurred).why["en"]


@pytest.mark.parametrize("statement", said_by_every_page("threads_on_cpu_together", BOTH_WAYS))
def test_the_share_the_threads_were_on_a_cpu_together_is_the_runs(statement):
    assert statement.scope.free_threaded is False and statement.figure
    assert judged_on(statement, threads_then_processes()).value == "0"
    at_once = judged_on(statement, threads_then_processes(threads_at_once=True)).value
    assert int(at_once) >= 90  # about: a thread handing over counts as no time at once


@pytest.mark.parametrize(
    "statement", said_by_every_page("each_thread_waited_for_the_gil", BOTH_WAYS)
)
def test_threads_are_said_to_wait_for_the_gil_only_where_the_kernel_saw_them_wait_for_it(
    statement,
):
    assert statement.scope.free_threaded is False
    assert judged_on(statement, threads_then_processes(waited="gil")).about_timing
    assert said_of(statement, threads_then_processes(waited="gil")) is True
    assert said_of(statement, threads_then_processes(waited="lock")) is False
    # On a busy machine a thread mostly waits for a CPU: the page says it could not show it.
    assert said_of(statement, threads_then_processes(waited="ready"), free=0.5) is None


@pytest.mark.parametrize(
    "statement", said_by_every_page("the_free_threaded_threads_were_on_cpus_at_once", BOTH_WAYS)
)
def test_free_threaded_threads_are_said_to_be_on_cpus_at_once_where_they_were(statement):
    assert statement.scope.free_threaded is True
    at_once = threads_then_processes(threads_at_once=True)
    assert judged_on(statement, at_once, free_threaded=True).about_timing
    assert said_of(statement, at_once, free_threaded=True) is True
    assert said_of(statement, threads_then_processes(), free_threaded=True) is False
    assert said_of(statement, threads_then_processes(), free_threaded=True, free=1.0) is None


def test_the_same_work_runs_in_two_threads_then_in_two_processes(start_method):
    seconds = cpu_threads_and_processes.main(n=50_000, start_method=start_method)
    assert list(seconds) == ["threads", "processes"]
    assert all(taken > 0 for taken in seconds.values())


@pytest.mark.measure
def test_the_timeline_shows_the_two_processes_on_cpus_at_once(start_method):
    """Each process has its own GIL: the samples prove them on CPUs at the same time."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: nothing can be on a CPU at once")
    timeline, at_once = were_at_once(
        lambda: record(BOTH_WAYS, start_method=start_method).timeline, ["process-"]
    )
    # What the page says of the run: that they were at once, or (their cores held by other
    # work) that this machine cannot show it; never that they were not.
    for statement in said_by_every_page("the_processes_were_on_cpus_at_once", BOTH_WAYS):
        assert said_of(statement, timeline) is (True if at_once else None)


@pytest.mark.parametrize(
    "statement", said_by_every_page("the_processes_were_on_cpus_at_once", BOTH_WAYS)
)
def test_processes_are_said_to_be_on_cpus_at_once_where_they_were(statement):
    assert statement.scope.free_threaded is None
    assert judged_on(statement, threads_then_processes(processes_at_once=True)).about_timing
    assert said_of(statement, threads_then_processes(processes_at_once=True)) is True
    one_after_the_other = threads_then_processes(processes_at_once=False)
    assert said_of(statement, one_after_the_other) is False  # two free cores: a contradiction
    assert said_of(statement, one_after_the_other, free=1.0) is None  # one: not shown
    # Each ready for a CPU half the time: whatever the average, the machine was busy then.
    half = (0, SECOND, [0.5], "ready")
    assert said_of(statement, made_up({"process-1": half, "process-2": half})) is None
    # Proven at once, they were, however busy the machine: the page says so.
    assert said_of(statement, threads_then_processes(), free=0.5) is True


@pytest.mark.measure
def test_what_the_pages_say_of_the_timeline_holds_of_a_run_or_is_not_shown(start_method):
    """Recorded as the build records it: each statement the page makes of the timeline, in
    scope on this interpreter, holds or says the machine could not show it; one that does
    not is recorded again, as the build measures again, before it fails."""
    statements = [s for s in Statements(ROOT).about(BOTH_WAYS) if not s.figure]
    here = Interpreter("here", sys.executable, "3.11.0", sys.version, not GIL_ENABLED, "fork")
    combination = Combination(here, start_method)
    in_scope = [s for s in statements if s.scope.holds_for(combination)]
    assert len(in_scope) >= 2  # the threads' side and the processes' side
    seen = []
    for _ in range(ATTEMPTS):
        result = record(BOTH_WAYS, start_method=start_method)
        judged = {s.name: judge(s, result, combination).holds for s in in_scope}
        seen.append(judged)
        if False not in judged.values():
            return
    raise AssertionError(f"a statement did not hold, {ATTEMPTS} times: {seen}")
