"""docs/threads/free-threading: the build, CPU-bound threads, races the GIL hid, subinterpreters.

The page's blocks run on every interpreter the build finds (matrix="interpreters"); here each
snippet runs on the interpreter running the tests, and the branches that need Python 3.13 or
3.14 on the newest such interpreter found (tests/newer_python.py).
"""

import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import newer_python
import pytest
from conftest import ROOT
from snippet_runner.interpreters import Interpreter
from snippet_runner.launch import Run as Result
from snippet_runner.matrix import Combination
from snippet_runner.statements import Statements, judge

from snippets.threads import (
    free_threading_build,
    free_threading_builtins,
    free_threading_cpu_threads,
    free_threading_lost_update,
    interpreters_pool,
)

GIL_ENABLED = getattr(sys, "_is_gil_enabled", lambda: True)()
FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def test_the_build_and_the_gil_as_this_interpreter_reports_them(capsys):
    result = free_threading_build.main()
    printed = capsys.readouterr().out
    assert result["free_threaded"] == FREE_THREADED
    assert "Py_GIL_DISABLED" in printed and "-X gil=0" in printed
    if sys.version_info < (3, 13):  # no sys._is_gil_enabled, and -X gil means nothing yet
        assert result["gil_enabled"] is None
        assert all("ignored" in outcome for outcome in result["options"].values())
    else:
        assert result["gil_enabled"] == GIL_ENABLED


def test_from_3_13_a_build_with_the_gil_refuses_to_turn_it_off():
    # The newest interpreter 3.13 or newer found that has the GIL (what the page shows first).
    result = newer_python.call("3.13", "snippets.threads.free_threading_build", "main")
    assert result["free_threaded"] is False and result["gil_enabled"] is True
    assert result["options"]["1"] == "the child's sys._is_gil_enabled() is True"
    assert result["options"]["0"].startswith("refused")
    assert "not supported by this build" in result["options"]["0"]


def test_cpu_bound_threads_on_this_interpreter(capsys):
    result = free_threading_cpu_threads.main(n=300_000, repeats=1)
    printed = capsys.readouterr().out
    (wall, cpu), (threads_wall, threads_cpu) = result["sequential"], result["threads"]
    assert result["tasks"] >= 2 and min(wall, cpu, threads_wall, threads_cpu) > 0
    assert (
        f"{result['tasks']} threads: {threads_wall:.2f} s, CPU time {threads_cpu:.2f} s" in printed
    )
    if GIL_ENABLED:
        # One thread runs bytecode at a time: the CPU time never exceeds the wall time (a
        # busy machine only lowers the ratio).
        assert threads_cpu <= threads_wall * 1.05 + 0.01


def test_the_threads_used_the_cpu_time_their_work_returned():
    used = free_threading_cpu_threads.in_threads(3, 100_000)
    assert len(used) == 3 and all(seconds > 0 for seconds in used)


def test_a_lock_never_loses_an_update():
    result = free_threading_lost_update.main(threads=4, times=20_000)
    assert result["gil"] == GIL_ENABLED
    assert result["locked"] == result["expected"] == 80_000
    # Without the lock updates can be lost (on a free-threaded build, often), never invented.
    assert 0 < result["unlocked"] <= result["expected"]


def test_single_operations_are_safe_a_check_then_act_is_not():
    result = free_threading_builtins.main(threads=4, times=10_000, keys=300)
    assert result["appended"] == result["expected"] == 40_000  # no append lost
    deleted, errors = result["check_then_delete"]
    # Every key is deleted once: the dict is never corrupted. What breaks is the program's
    # belief that a key it found is still there (how often: the luck of the interleaving).
    assert deleted == 300 and 0 <= errors <= 3 * 300
    assert result["pop"] == (300, 0)  # one operation: each key removed exactly once


def assert_subinterpreters_ran(result: dict) -> None:
    """What the 3.14+ tabs show: tasks in worker interpreters, each with its own module state."""
    assert result["main_id"] == 0 and result["other_id"] != 0
    assert result["their_name"] == "set in the other interpreter"
    assert 0 not in result["ran_in"] and 1 <= len(result["ran_in"]) <= result["workers"]
    assert result["counted"] == result["tasks"]  # each call counted in its worker's copy
    assert result["calls_here"] == 0  # and none in ours
    assert result["raised"] == "ExecutionFailed, of ValueError"  # it stayed over there
    # A task's exception, in its future: itself, or ExecutionFailed naming it where it could
    # not be sent back across interpreters.
    failure = result["failure"]
    assert isinstance(failure, ValueError) or "ValueError" in str(failure)


def test_subinterpreters_on_this_interpreter_or_one_line(capsys):
    result = interpreters_pool.main(tasks=4)
    printed = capsys.readouterr().out.splitlines()
    if sys.version_info < (3, 14):  # the version gate: one line, nothing else
        assert result is None
        assert len(printed) == 1 and "new in Python 3.14" in printed[0]
    else:
        assert_subinterpreters_ran(result)


def test_subinterpreters_on_the_newest_interpreter_found():
    """The newest interpreter 3.13 or newer found: on 3.14+ the pool runs; on 3.13 the snippet
    says it cannot (this machine's newest may be either)."""
    python = newer_python.newest("3.13")
    result = newer_python.call("3.13", "snippets.threads.interpreters_pool", "main", tasks=4)
    if python.minor_version < (3, 14):
        assert result is None
    else:
        assert_subinterpreters_ran(result)


def test_the_subinterpreter_task_counts_calls_in_its_own_module_and_does_the_same_work(
    monkeypatch,
) -> None:
    """interpreters_pool.crunch, the task the pool hands each worker interpreter: it counts its
    calls in its module's own state and names the interpreter that ran it. Here a stand-in for
    3.14's concurrent.interpreters answers which interpreter that is."""
    import types

    stand_in = types.SimpleNamespace(get_current=lambda: types.SimpleNamespace(id=7))
    monkeypatch.setitem(sys.modules, "concurrent.interpreters", stand_in)
    monkeypatch.setattr(interpreters_pool, "calls", 0)
    first, second = interpreters_pool.crunch(1000), interpreters_pool.crunch(1000)
    assert [first[:2], second[:2]] == [(7, 1), (7, 2)]
    assert first[2] == second[2] == sum(i * i % 7 for i in range(1000))


# ------------------------------------------- the statements on runs this machine may not have
#
# The page's sentences about a free-threaded build and about 3.14's subinterpreters are checked
# only where the build has those interpreters (the Pages build). Here each snippet prints what
# it prints there, its facts about the interpreter stood in for, and each statement is judged
# on that output: a predicate that misreads those runs fails here, not on the published site.

PAGE = Statements(ROOT).of_page("threads/free-threading")
FREE_THREADED_3_14 = Interpreter("3.14t", sys.executable, "3.14.2", "3.14.2", True, "forkserver")
WITH_THE_GIL_3_14 = Interpreter("3.14", sys.executable, "3.14.2", "3.14.2", False, "forkserver")


def printed_by(main, capsys, **arguments) -> str:
    main(**arguments)
    return capsys.readouterr().out


def judged(name: str, output: str, interpreter: Interpreter = FREE_THREADED_3_14, machine=None):
    result = Result(output=output, stderr="", returncode=0, duration=1.0)
    result.machine = machine or {"wall": 10.0, "busy": 40.0, "cpu": 40.0, "cpus": 4}
    return judge(PAGE[name], result, Combination(interpreter))


def as_if_free_threaded(monkeypatch, gil_on: bool = False) -> None:
    monkeypatch.setattr(sysconfig, "get_config_var", lambda name: 1)
    monkeypatch.setattr(sys, "_is_gil_enabled", lambda: gil_on, raising=False)


def test_a_free_threaded_builds_report_holds_the_pages_sentence(monkeypatch, capsys):
    as_if_free_threaded(monkeypatch)

    def child(command, **_):  # what `-X gil=N` makes a free-threaded child report
        return subprocess.CompletedProcess(command, 0, f"{command[2] == 'gil=1'}\n", "")

    monkeypatch.setattr(subprocess, "run", child)
    output = printed_by(free_threading_build.main, capsys)
    assert judged("a_free_threaded_build_turns_it_on_and_off", output).holds is True
    turned_on = output.replace("gil_enabled() = False", "gil_enabled() = True")
    assert judged("a_free_threaded_build_turns_it_on_and_off", turned_on).holds is False


@pytest.mark.parametrize(
    ("gil_on", "timings", "holds"),
    [
        (False, ((1.20, 1.20), (0.35, 1.30)), True),  # 3.7 cores busy, 3.4 times sooner
        (False, ((1.20, 1.20), (1.10, 1.30)), False),  # busy cores, yet no sooner
        (True, ((1.20, 1.20), (0.35, 1.30)), False),  # an import turned the GIL back on
    ],
)
def test_the_free_threaded_cpu_statements_read_the_run(monkeypatch, capsys, gil_on, timings, holds):
    as_if_free_threaded(monkeypatch, gil_on)
    monkeypatch.setattr(free_threading_cpu_threads, "fastest", lambda *_: list(timings))
    output = printed_by(free_threading_cpu_threads.main, capsys)
    statements = ("the_free_threaded_build_ran_them_without_the_gil",)
    statements += ("threads_compute_at_once_without_the_gil",)
    assert all(judged(name, output).holds is True for name in statements) is holds
    assert re.fullmatch(r"[\d.]+", judged("cores_without_the_gil", output).value)


def test_a_busy_machine_cannot_show_free_threads_computing_at_once(monkeypatch, capsys):
    as_if_free_threaded(monkeypatch)
    timings = ((1.20, 1.20), (1.10, 1.15))  # others held the cores: no more than one was free
    monkeypatch.setattr(free_threading_cpu_threads, "fastest", lambda *_: list(timings))
    output = printed_by(free_threading_cpu_threads.main, capsys)
    busy = {"wall": 10.0, "busy": 40.0, "cpu": 5.0, "cpus": 4}
    judgement = judged("threads_compute_at_once_without_the_gil", output, machine=busy)
    assert judgement.holds is None and "CPU" in judgement.why["en"]


def test_lost_updates_and_builtins_on_a_free_threaded_build(monkeypatch, capsys):
    monkeypatch.setattr(free_threading_lost_update, "gil_enabled", lambda: False)
    counts = iter([612_345, 800_000])  # without a lock, then with one
    monkeypatch.setattr(free_threading_lost_update, "count", lambda *_: next(counts))
    output = printed_by(free_threading_lost_update.main, capsys)
    assert judged("the_locked_count_is_exact_the_other_never_above", output).holds is True

    monkeypatch.setattr(free_threading_builtins, "gil_enabled", lambda: False)
    monkeypatch.setattr(free_threading_builtins, "appends", lambda threads, times: threads * times)
    monkeypatch.setattr(free_threading_builtins, "check_then_delete", lambda _, keys: (keys, 900))
    monkeypatch.setattr(free_threading_builtins, "pop_once", lambda _, keys: (keys, 0))
    output = printed_by(free_threading_builtins.main, capsys)
    for name in ("no_append_is_lost", "every_key_is_deleted_once", "pop_removes_every_key_once"):
        assert judged(name, output).holds is True, name


def test_the_subinterpreter_statements_read_what_3_14_prints():
    """The lines interpreters_pool.main prints from 3.14 on (its f-strings, with a run's
    values), judged as a 3.14 tab's run."""
    output = "\n".join(
        [
            "Python 3.14.2",
            "this interpreter: id 0; the one created: id 1",
            "its __main__ says name = 'set in the other interpreter'; ours has 'name': False",
            "exec() of code that raises: ExecutionFailed, of ValueError",
            "4 tasks, InterpreterPoolExecutor(max_workers=2):",
            "  ran in worker interpreters with ids [2, 3], none in this one (0)",
            "  the workers' copies of `calls` add up to 4",
            "  this interpreter's copy: 0",
            "  every task computed the same total: True",
            "a task that raises: its future holds ValueError: invalid literal for int() with "
            "base 10: 'not a number'",
        ]
    )
    source = Path(interpreters_pool.__file__).read_text(encoding="utf-8")
    for line in (
        "this interpreter: id {main_id}; the one created: id {other_id}",
        "the workers' copies of `calls` add up to {sum(counted.values())}",
        "a task that raises: its future holds {type(failure).__name__}: {failure}",
    ):
        assert line in source  # the lines above are the ones the program prints
    for name in (
        "the_created_interpreter_has_its_own_main",
        "the_exception_stays_in_the_other_interpreter",
        "each_worker_has_its_own_module_state",
        "a_failing_task_raises_in_the_caller",
    ):
        assert judged(name, output, WITH_THE_GIL_3_14).holds is True, name
    one_copy = output.replace("add up to 4", "add up to 2")  # a module run anew for every call
    assert (
        judged("each_worker_has_its_own_module_state", one_copy, WITH_THE_GIL_3_14).holds is False
    )


def test_a_starved_run_with_the_gil_says_so_instead_of_its_figure(monkeypatch, capsys):
    """Others kept the cores busy: even one after another the computation had 0.29 of a core.
    The threads' 0.29 cores busy would read as what the GIL does; the page says why not."""
    monkeypatch.setattr(sysconfig, "get_config_var", lambda name: 0)
    monkeypatch.setattr(sys, "_is_gil_enabled", lambda: True, raising=False)
    starved = ((0.93, 0.27), (0.92, 0.27))
    monkeypatch.setattr(free_threading_cpu_threads, "fastest", lambda *_: list(starved))
    output = printed_by(free_threading_cpu_threads.main, capsys)
    judgement = judged("threads_keep_one_core_with_the_gil", output, WITH_THE_GIL_3_14)
    assert judgement.holds is None and "much less than a core" in judgement.why["en"]
    quiet = ((0.27, 0.27), (0.28, 0.27))
    monkeypatch.setattr(free_threading_cpu_threads, "fastest", lambda *_: list(quiet))
    output = printed_by(free_threading_cpu_threads.main, capsys)
    assert judged("threads_keep_one_core_with_the_gil", output, WITH_THE_GIL_3_14).holds is True
