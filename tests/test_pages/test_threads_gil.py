"""docs/threads/gil: CPU-bound threads gain nothing, processes do; I/O-bound threads do.

The page shows the build's measurement from the Choosing page (one run serves both pages) and
the build machine's facts from the home page; this module asserts what the GIL page says.
"""

import sys
import sysconfig

import parallelism
import pytest
from snippet_runner import oncpu
from timelines import record, took_turns

from snippets.choosing import cpu_threads_and_processes, models_measure
from snippets.home import platform_build_env
from snippets.machine import usable_cpus

GIL_ENABLED = getattr(sys, "_is_gil_enabled", lambda: True)()


def test_io_bound_threads_overlap_their_waits(monkeypatch):
    # Waiting releases the GIL: the threads' waits are in progress at the same moments (a
    # busy machine can start the threads late, but cannot put their sleeps one after another).
    recorded = parallelism.RecordedWaits(models_measure.wait_for_io)
    monkeypatch.setattr(models_measure, "wait_for_io", recorded)
    models_measure.io_threads(8, 0.2)
    assert len(recorded.spans) == 8
    assert parallelism.most_at_once(recorded.spans) >= 2


@pytest.mark.skipif(not GIL_ENABLED, reason="a free-threaded build runs threads in parallel")
def test_cpu_bound_threads_never_use_more_than_one_core():
    run = models_measure.cpu_threads(4, models_measure.iterations_for(0.05))
    # The GIL lets one thread run bytecode at a time: together the threads never use more CPU
    # time than the wall time they took. A busy machine only lowers this ratio.
    assert run.cpu <= run.busy * 1.05 + 0.01


@pytest.mark.skipif(not GIL_ENABLED, reason="a free-threaded build runs threads in parallel")
def test_cpu_bound_threads_are_no_faster_than_one_after_another():
    iterations = models_measure.iterations_for(0.1)
    sequential = models_measure.cpu_sequential(2, iterations)
    threads = models_measure.cpu_threads(2, iterations)
    # The work costs the threads the CPU time it costs one after another, and they cannot
    # spread it over more than one core: their wall time is at least that CPU time. A busy
    # machine only lengthens it.
    assert threads.cpu >= 0.8 * sequential.cpu
    assert threads.busy >= 0.95 * threads.cpu


@pytest.mark.measure
def test_processes_use_several_cores_at_once():
    """Processes have a GIL each: two processes compute at the same moments.

    (That this makes them faster is checked by the build against the figures it measures.)
    """
    if usable_cpus() < 2:
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
