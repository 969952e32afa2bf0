"""docs/threads/gil: CPU-bound threads gain nothing, processes do; I/O-bound threads do.

The page shows the build's measurement from the Choosing page (one run serves both pages) and
the build machine's facts from the home page; this module asserts what the GIL page says.
"""

import os
import sys
import time
from pathlib import Path

import pytest

from snippets.choosing import models_measure
from snippets.home import platform_build_env

GIL_ENABLED = getattr(sys, "_is_gil_enabled", lambda: True)()


def test_io_bound_threads_overlap_their_waits():
    waits, seconds = 8, 0.05
    # sleep never returns early, so one after another would take at least waits * seconds
    assert models_measure.io_threads(waits, seconds) < waits * seconds / 2


@pytest.mark.skipif(not GIL_ENABLED, reason="a free-threaded build runs threads in parallel")
def test_cpu_bound_threads_never_use_more_than_one_core():
    run = models_measure.cpu_threads(4, models_measure.iterations_for(0.05))
    # The GIL lets one thread run bytecode at a time: together the threads never use more CPU
    # time than the wall time they took. A busy machine only lowers this ratio.
    assert run.cpu <= run.busy * 1.05 + 0.01


@pytest.mark.skipif(not GIL_ENABLED, reason="a free-threaded build runs threads in parallel")
def test_cpu_bound_threads_are_no_faster_than_one_after_another():
    iterations = models_measure.iterations_for(0.1)
    ratios = []
    for _ in range(3):  # load from elsewhere can slow one run; one undisturbed pair is enough
        sequential = models_measure.cpu_sequential(2, iterations)
        threads = models_measure.cpu_threads(2, iterations)
        ratios.append(threads.busy / sequential.busy)
        if ratios[-1] > 0.8:
            return
    pytest.fail(f"two CPU-bound threads ran faster than one after another: {ratios}")


def cpu_seconds_of_the_machine() -> tuple[float, float]:
    """(busy, total) CPU seconds of all CPUs since boot, from /proc/stat (Linux)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split()[1:9]]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - fields[3] - fields[4]) / tick, sum(fields) / tick


def test_processes_use_several_cores_at_once():
    """Processes have a GIL each: with two idle cores, two processes keep both busy.

    (That this makes them faster than threads is asserted, under every start method, by
    tests/test_pages/test_choosing_index.py for the same snippet.)
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if cpus < 2:
        pytest.skip("needs at least two cores")
    iterations = models_measure.iterations_for(0.2)
    runs, others = [], 0.0
    deadline = time.monotonic() + 5  # other work on the machine can take a core away a while
    while not runs or (time.monotonic() < deadline and len(runs) < 8):
        busy_before, total_before = cpu_seconds_of_the_machine()
        run = models_measure.cpu_processes(2, iterations, None)
        busy_after, total_after = cpu_seconds_of_the_machine()
        runs.append(run)
        if run.cpu > 1.3 * run.busy:  # more CPU time than wall time: two cores at once
            return
        # What the rest of the machine used during this very run, as a share of all CPUs.
        elsewhere = (busy_after - busy_before) - run.cpu
        others = max(others, elsewhere / max(total_after - total_before, 1e-9))
    if others > 0.25:
        pytest.skip(f"other processes kept {others:.0%} of the CPUs busy: {runs}")
    pytest.fail(f"two processes never used two cores at once on an idle machine: {runs}")


def test_the_build_facts_say_whether_the_gil_is_on():
    status = platform_build_env.gil_status()
    if hasattr(sys, "_is_gil_enabled"):
        assert status == ("enabled" if sys._is_gil_enabled() else "disabled")
    else:
        assert status.startswith("enabled (no free-threaded build")
