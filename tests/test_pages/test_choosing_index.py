"""docs/choosing/index: the measuring program, what its page reads from it, and what it draws.

What the page says of the build's own figures is checked by the build (statements/choosing/
index.py); here the program's behaviour is asserted with small work, and the statements are
read against outputs written for the purpose, so each can be seen to hold and to fail.
"""

import asyncio
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import parallelism
import pytest
from conftest import ROOT
from snippet_runner.interpreters import Interpreter
from snippet_runner.launch import Run as Result
from snippet_runner.matrix import Combination
from snippet_runner.statements import Run, Statements, judge

from snippets.choosing import models_measure

GIL_ENABLED = getattr(sys, "_is_gil_enabled", lambda: True)()
PAGE = Statements(ROOT).of_page("choosing/index")
BOTH_WAYS = "snippets/threads/cpu_threads_and_processes.py"


def test_waits_overlap_with_asyncio_and_a_thread_per_wait():
    recorded = parallelism.RecordedWaits(models_measure.wait_for_io)
    models_measure.in_pool(ThreadPoolExecutor(8), recorded, [0.2] * 8)
    # A thread per wait: the waits are in progress at the same moments, however late each
    # started (a busy machine can delay a start, never put the sleeps one after another).
    assert parallelism.most_at_once(recorded.spans) >= 2
    # asyncio schedules every sleep before the loop waits for any: less than their sum, always.
    started = time.perf_counter()
    asyncio.run(models_measure.all_at_once(map(asyncio.sleep, [0.2] * 8)))
    assert time.perf_counter() - started < 8 * 0.2


def test_a_pool_never_beats_its_rounds(start_method):
    # With w workers, n waits of d need at least ceil(n / w) rounds of d: a bound no machine
    # can break, which the page states of the build's figures too.
    walls = models_measure.io_bound(waits=6, seconds=0.05, pool_size=2, start_method=start_method)
    assert walls["ThreadPoolExecutor(2)"] >= 3 * 0.05
    assert walls["ProcessPoolExecutor(2)"] >= 3 * 0.05


def test_each_cpu_bound_way_returns_the_cpu_time_its_tasks_used(start_method):
    iterations = models_measure.iterations_for(0.02)
    ways = models_measure.cpu_bound(2, iterations, 1, start_method)
    assert list(ways) == [
        "one after another",
        "asyncio, one thread",
        "ThreadPoolExecutor(2), a thread per task",
        "ProcessPoolExecutor(2)",
    ]
    for wall, cpu in ways.values():
        assert wall > 0 and cpu > 0  # the process pool's CPU time was used in its workers


@pytest.mark.skipif(not GIL_ENABLED, reason="a free-threaded build runs threads in parallel")
def test_cpu_bound_threads_use_one_core_at_a_time():
    wall, cpu = models_measure.cpu_bound(2, models_measure.iterations_for(0.1), 1, None)[
        "ThreadPoolExecutor(2), a thread per task"
    ]
    # The GIL lets one thread run Python at a time: together they never use more CPU time than
    # the wall time they took. A busy machine only lowers this ratio.
    assert cpu <= wall * 1.05 + 0.01


@pytest.mark.measure
def test_cpu_bound_processes_compute_at_once(start_method):
    """What makes the process pool the faster way: its workers compute at the same moments,
    proven from when each was on a CPU, which a busy machine cannot invert."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: nothing can compute at once")
    overlaps = parallelism.processes_overlap(start_method)
    assert overlaps[-1] >= parallelism.MEANINGFUL * 0.3, overlaps


def test_the_program_prints_what_the_page_reads(capsys):
    models_measure.main(waits=10, wait_seconds=0.01, pool_size=2, task_seconds=0.02, repeats=1)
    output = capsys.readouterr().out
    run = Run(Result(output=output, stderr="", returncode=0, duration=1.0), Combination(HOST))
    # Every figure the page shows reads from this output (a missing line would raise).
    for name in ("waits_in_turn", "asyncio_cpu", "processes_cpu", "processes_speedup"):
        assert re.fullmatch(r"[\d.]+", PAGE[name].read(run)), name
    assert PAGE["pools_never_beat_their_rounds"].read(run)
    assert "<table" in PAGE["models_table"].read(run)


# ------------------------------------------------------------------ the statements themselves

HOST = Interpreter("3.13", sys.executable, "3.13.0", "3.13.0", False, "fork")
QUIET = {"wall": 10.0, "busy": 18.0, "cpu": 18.0, "cpus": 2}  # the run had both cores
BUSY = {"wall": 10.0, "busy": 20.0, "cpu": 5.0, "cpus": 2}  # others kept 1.5 cores busy


def measured(in_turn: float, pool: float, threads_cpu: float = 0.61, method: str = "fork") -> str:
    return f"""Python 3.13.0, 2 CPUs, start method {method}
I/O-bound: 100 waits of 0.02 s
  one after another (computed, 100 × 0.02): 2.00 s
  asyncio, one thread: 0.03 s
  ThreadPoolExecutor(100), a thread per wait: 0.05 s
  ThreadPoolExecutor(8): 0.28 s
  ProcessPoolExecutor(8): 0.34 s
CPU-bound: 2 tasks of 4_400_000 iterations, the fastest of 2 runs
  one after another: {in_turn:.2f} s, CPU time 0.60 s
  asyncio, one thread: 0.62 s, CPU time 0.61 s
  ThreadPoolExecutor(2), a thread per task: 0.63 s, CPU time {threads_cpu:.2f} s
  ProcessPoolExecutor(2): {pool:.2f} s, CPU time 0.60 s
"""


def holds(name: str, output: str, machine=QUIET, method: str = "fork") -> bool | None:
    result = Result(output=output, stderr="", returncode=0, duration=1.0)
    result.machine = machine
    return judge(PAGE[name], result, Combination(HOST, method)).holds


def test_the_process_pool_must_be_faster_by_the_bound_of_its_start_method():
    assert holds("processes_faster", measured(0.61, 0.40)) is True  # ×1.5
    assert holds("processes_faster", measured(0.61, 0.50)) is False  # ×1.2: fails the build
    for method, name in (
        ("spawn", "processes_faster_despite_spawning"),
        ("forkserver", "processes_faster_from_the_fork_server"),
    ):
        assert holds(name, measured(0.61, 0.50, method=method), method=method) is True  # ×1.2
        assert holds(name, measured(0.61, 0.55, method=method), method=method) is False
        assert PAGE[name].scope.methods == {method}
    assert PAGE["processes_faster"].scope.methods == {"fork"}


def test_a_busy_machine_cannot_show_the_process_pool_faster():
    result = Result(output=measured(0.61, 0.61), stderr="", returncode=0, duration=1.0)
    result.machine = BUSY  # 2 cores, of which others kept 1.5 busy: 0.5 free
    judged = judge(PAGE["processes_faster"], result, Combination(HOST))
    assert judged.holds is None  # the page says why instead of the sentence
    assert (
        "0.5 of its 2 CPU cores" in judged.why["en"]
        and "2 个 CPU 核心中的 0.5 个" in judged.why["zh"]
    )


def test_threads_that_used_more_than_one_core_contradict_the_page():
    assert holds("threads_keep_one_core", measured(0.61, 0.40)) is True
    assert holds("threads_keep_one_core", measured(0.61, 0.40, threads_cpu=1.20)) is False
    # Starved: one after another had 0.60 s of CPU in 2.00 s; the threads' 0.3 cores busy would
    # read as the GIL's doing, so the page says the machine was busy instead.
    starved = measured(2.00, 0.40).replace("a thread per task: 0.63 s", "a thread per task: 2.00 s")
    assert holds("threads_keep_one_core", starved) is None
    assert PAGE["threads_keep_one_core"].scope.free_threaded is False


def test_a_comparison_of_wall_times_is_shown_only_where_the_machine_allowed_it():
    slower = measured(0.61, 0.40).replace("a thread per task: 0.63 s", "a thread per task: 0.40 s")
    assert holds("threads_no_faster", measured(0.61, 0.40)) is True
    assert holds("threads_no_faster", slower) is False  # on a quiet machine: a contradiction
    assert holds("threads_no_faster", slower, BUSY) is None  # on a busy one: not shown
    # The same computation cost the threads a third less CPU time than one after another: the
    # machine's speed changed between the runs, and their wall times cannot be compared.
    uneven = slower.replace("CPU time 0.61 s\n  ProcessPool", "CPU time 0.40 s\n  ProcessPool")
    assert holds("threads_no_faster", uneven) is None


def test_the_table_and_the_chart_are_worded_in_the_pages_language():
    result = Result(output=measured(0.61, 0.40), stderr="", returncode=0, duration=1.0)
    for language, words in (("zh", ("一个接一个", "进程池")), ("en", ("one after another",))):
        judged = judge(PAGE["models_table"], result, Combination(HOST), language)
        assert all(word in judged.value for word in words)
        assert "×1.5" in judged.value  # the pool's speed-up over one after another
        chart = judge(PAGE["models_chart"], result, Combination(HOST), language).value
        assert 'role="img"' in chart and "aria-label=" in chart and "<title>" in chart
        assert "var(--md-" in chart and "\n\n" not in chart  # theme colours; one HTML block


def test_the_built_page_shows_one_table_and_one_chart(site):
    for language in ("zh", "en"):
        page = (site if language == "zh" else site / "en") / "choosing" / "index.html"
        html = page.read_text(encoding="utf-8")
        assert html.count('<div class="models-measured"><table>') == 1
        assert html.count('<svg class="models-chart"') == 1
        assert "{{" not in html
