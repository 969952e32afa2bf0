"""docs/choosing/index: the measured table and chart, and the claims the decision guide makes."""

import json
import re
import sys
import time
from pathlib import Path

import parallelism
import pytest
from timelines import record, were_at_once

from snippets import claims
from snippets.choosing import cpu_threads_and_processes, models_measure
from snippets.machine import usable_cpus

GIL_ENABLED = getattr(sys, "_is_gil_enabled", lambda: True)()


def test_many_io_waits_overlap_with_asyncio_and_threads(monkeypatch):
    waits, seconds = 20, 0.2
    # asyncio: all the sleeps are scheduled before the loop waits for any of them.
    started = time.perf_counter()
    models_measure.io_asyncio(waits, seconds)
    assert time.perf_counter() - started < waits * seconds / 2
    # Threads: their waits are in progress at the same moments, however late each started.
    recorded = parallelism.RecordedWaits(models_measure.wait_for_io)
    monkeypatch.setattr(models_measure, "wait_for_io", recorded)
    models_measure.io_threads(waits, seconds)
    assert parallelism.most_at_once(recorded.spans) >= 2


def test_pools_bound_the_overlap_by_their_size():
    # With w workers, n waits need at least ceil(n / w) rounds of d: a lower bound, never flaky.
    waits, seconds, workers = 12, 0.05, 4
    assert models_measure.io_thread_pool(waits, seconds, workers) >= 3 * seconds


def test_process_pool_io_waits(start_method):
    waits, seconds, workers = 6, 0.05, 2
    assert models_measure.io_process_pool(waits, seconds, workers, start_method) >= 3 * seconds


@pytest.mark.skipif(not GIL_ENABLED, reason="a free-threaded build runs threads in parallel")
def test_cpu_bound_threads_use_one_core_at_a_time():
    run = models_measure.cpu_threads(2, models_measure.iterations_for(0.1))
    # The GIL lets one thread run Python at a time: together they never use more CPU time than
    # the wall time they took. A busy machine only lowers this ratio.
    assert run.cpu <= run.busy * 1.05 + 0.01


@pytest.mark.measure
def test_cpu_bound_processes_compute_at_once_threads_take_turns(start_method):
    """What makes processes the faster row: they compute at the same moments, threads never.

    Proven from when each worker was on a CPU, which a busy machine cannot invert (it only
    shortens the overlap); that processes are faster is checked by the build when it measures.
    """
    if usable_cpus() < 2:
        pytest.skip("one core: nothing can compute at once")
    overlaps = parallelism.processes_overlap(start_method)
    assert overlaps[-1] >= parallelism.MEANINGFUL * 0.3, overlaps
    if GIL_ENABLED:  # (a last stint shorter than the gap a thread can bridge: 1 ms at most)
        assert parallelism.threads_overlap() <= 0.005


def test_main_prints_table_and_accessible_chart(capsys):
    result = models_measure.main(
        io_waits=20,
        io_seconds=0.01,
        io_pool_threads=4,
        io_pool_processes=2,
        cpu_seconds=0.05,
        repeats=1,
    )
    printed = capsys.readouterr().out
    labels = [row.label for row in result["rows"]]
    assert labels[0] == "sequential" and labels[1].startswith("asyncio")
    table_rows = [line for line in printed.splitlines() if line.startswith("| ")]
    assert len(table_rows) == 2 + len(labels)  # header, separator, one row per model
    assert result["rows"][0].io == pytest.approx(20 * 0.01)  # n × d, computed, not run
    svg = re.search(r"<svg .*</svg>", printed, re.S).group(0)
    assert 'role="img"' in svg and "aria-label=" in svg and "<title>" in svg
    assert "currentColor" in svg and "var(--md-" in svg
    assert "\n\n" not in svg  # a blank line would end the raw HTML block in Markdown


def test_the_built_page_shows_one_table_and_one_chart(site):
    # The measurement ran once, within its block's timeout, for both pages and languages.
    for language in ("zh", "en"):
        page = (site if language == "zh" else site / "en") / "choosing" / "index.html"
        html = page.read_text(encoding="utf-8")
        title = "<title>各模型所用秒数" if language == "zh" else "<title>Seconds per model"
        assert html.count(title) == 1 and "| sequential |" not in html
        svg = re.search(r"<svg [^>]*role=\"img\".*?</svg>", html, re.S)[0]
        assert "{{" not in svg and ("各模型" in svg) == (language == "zh")
        assert re.search(r"<td>sequential</td>", html)


def claims_of(rows, figures, cpus, monkeypatch, tmp_path) -> tuple[bool, dict[str, object]]:
    report = tmp_path / "claims.jsonl"
    report.unlink(missing_ok=True)
    monkeypatch.setenv(claims.REPORT, str(report))
    shown = models_measure.check_claims(rows, figures, cpus)
    found = [json.loads(line) for line in report.read_text().splitlines()]
    return shown, {claim["claim"]["en"]: claim["holds"] for claim in found}


def figures(
    sequential: float, processes: float, free: float, free_threaded: dict | None = None
) -> models_measure.CpuFigures:
    def run(total: float, cores: float) -> models_measure.CpuRun:
        return models_measure.CpuRun(total=total, busy=total, cpu=total * cores)

    return models_measure.CpuFigures(
        sequential=run(sequential, 1),
        asyncio=run(sequential, 1),
        threads=run(sequential, 1),
        processes=run(processes, 2),
        free_cores=free,
        free_threaded={
            name: run(sequential / cores, cores) for name, cores in (free_threaded or {}).items()
        },
    )


ROWS = [
    models_measure.Row("sequential", 2.0, None, io_computed=True),
    models_measure.Row("asyncio", 0.02, None),
    models_measure.Row("threads", 0.04, None),
]


def test_the_build_checks_that_processes_beat_one_after_another(monkeypatch, tmp_path):
    shown, held = claims_of(ROWS, figures(0.6, 0.33, 2.0), 2, monkeypatch, tmp_path)
    assert shown and held[models_measure.PROCESSES_FASTER["en"]] is True
    shown, held = claims_of(ROWS, figures(0.6, 0.5, 2.0), 2, monkeypatch, tmp_path)
    assert shown and held[models_measure.PROCESSES_FASTER["en"]] is False


def test_a_busy_or_single_core_machine_shows_no_cpu_figures(monkeypatch, tmp_path):
    for cpus, free in ((1, 1.0), (2, 1.1)):
        shown, held = claims_of(ROWS, figures(0.6, 0.6, free), cpus, monkeypatch, tmp_path)
        assert not shown and held[models_measure.PROCESSES_FASTER["en"]] is None


def test_free_threaded_threads_are_checked_or_their_absence_said(monkeypatch, tmp_path):
    claim = models_measure.FREE_THREADS_USE_CORES["en"]
    _, held = claims_of(ROWS, figures(0.6, 0.33, 2.0), 2, monkeypatch, tmp_path)
    assert held[claim] is None  # none found: the page says so
    _, held = claims_of(ROWS, figures(0.6, 0.33, 2.0, {"3.14t": 1.9}), 2, monkeypatch, tmp_path)
    assert held[claim] is True
    _, held = claims_of(ROWS, figures(0.6, 0.33, 2.0, {"3.14t": 1.0}), 2, monkeypatch, tmp_path)
    assert held[claim] is False


def test_threads_run_on_another_interpreter_as_the_build_lists_it(monkeypatch, tmp_path):
    listed = [
        {"name": "3.14t", "path": str(tmp_path / "python3.14t"), "free_threaded": True},
        {"name": "3.14", "path": str(tmp_path / "python3.14"), "free_threaded": False},
        {"name": "3.13t", "path": sys.executable, "free_threaded": True},  # this one: measured
    ]
    monkeypatch.setenv("SNIPPET_INTERPRETERS", json.dumps(listed))
    assert [i["name"] for i in models_measure.free_threaded_interpreters()] == ["3.14t"]
    # The row is measured by the other interpreter running this file: here, this one again.
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    run = models_measure.cpu_threads_on(sys.executable, 2, 200_000, 1)
    assert run.total >= run.busy > 0 and run.cpu > 0
    if GIL_ENABLED:
        assert run.cpu / run.busy <= 1.1


def test_the_same_work_runs_in_two_threads_then_in_two_processes(start_method):
    seconds = cpu_threads_and_processes.main(n=50_000, start_method=start_method)
    assert list(seconds) == ["threads", "processes"]
    assert all(taken > 0 for taken in seconds.values())


@pytest.mark.measure
def test_the_timeline_shows_the_two_processes_on_cpus_at_once(start_method):
    """Each process has its own GIL: the samples prove them on CPUs at the same time (the
    threads taking turns are the GIL page's: test_threads_gil)."""
    if usable_cpus() < 2:
        pytest.skip("one core: nothing can be on a CPU at once")
    script = "snippets/choosing/cpu_threads_and_processes.py"
    were_at_once(lambda: record(script, start_method=start_method).timeline, ["process-"])
