"""docs/threads/free-threading: the build, CPU-bound threads, races the GIL hid, subinterpreters.

The page's blocks run on every interpreter the build finds (matrix="interpreters"); here each
snippet runs on the interpreter running the tests, and the branches that need Python 3.13 or
3.14 on the newest such interpreter found (tests/newer_python.py).
"""

import sys
import sysconfig

import newer_python

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
