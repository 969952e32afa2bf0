"""docs/processes/start-methods: fork, spawn, forkserver, and what spawn requires of a program."""

import multiprocessing as mp
import re

import pytest

from snippets.processes import (
    multiprocessing_spawn_lambda,
    multiprocessing_spawn_no_guard,
    multiprocessing_start_method_fixed,
    multiprocessing_start_methods,
)

ALREADY_SET = "RuntimeError: context has already been set"


def test_linux_offers_all_three_start_methods():
    assert set(mp.get_all_start_methods()) == {"fork", "spawn", "forkserver"}


def test_only_what_fixes_the_start_method_makes_set_start_method_raise():
    results = multiprocessing_start_method_fixed.main()
    for free in ("(nothing)", "get_start_method(allow_none=True)", "Process()"):
        assert results[free] == "ok: 'spawn'"
    for fixing in ("get_start_method()", "Process().start()", "Queue()", "Lock()", "Manager()"):
        assert results[fixing] == ALREADY_SET
    assert results["set_start_method('spawn')"] == ALREADY_SET
    assert results["get_start_method(), force=True"] == "ok: 'spawn'"
    assert results["unknown"] == "ValueError: cannot find context for 'threads'"


def test_fork_inherits_the_module_spawn_imports_it_again_forkserver_gets_it_from_one_of_them():
    results = multiprocessing_start_methods.main()
    fork, spawn, forkserver = results["fork"], results["spawn"], results["forkserver"]
    assert fork["imported_in"] == fork["parent"] == fork["forked_by"]
    assert spawn["imported_in"] == spawn["child"]
    # Forked by the fork server, not by us; the module comes from the child's own import, or
    # (3.13.8+, 3.14.1+) from the server's preload.
    assert forkserver["forked_by"] != forkserver["parent"]
    assert forkserver["imported_in"] in (forkserver["child"], forkserver["forked_by"])
    for result in results.values():
        assert result["child"] != result["parent"]


def test_module_level_code_runs_again_in_spawned_children(run_script):
    result = run_script("snippets/processes/multiprocessing_start_methods.py")
    assert result.returncode == 0, result.output
    lines = result.output.splitlines()
    assert sum(line.startswith("[module level] __main__ ") for line in lines) == 1
    assert sum(line.startswith("[module level] __mp_main__ ") for line in lines) == 2
    assert "fork: child" in result.output and "'__main__', inherited" in result.output


def test_lambda_target_fails_to_pickle_under_spawn_and_forkserver():
    results = multiprocessing_spawn_lambda.main()
    assert results["fork", "lambda"] == "ran, exitcode 0"
    for method in ("spawn", "forkserver"):
        assert "pickle" in results[method, "lambda"].lower()
        assert "lambda" in results[method, "lambda"]
    for method in ("fork", "spawn", "forkserver"):
        assert results[method, "greet"] == "ran, exitcode 0"


@pytest.mark.parametrize("start_method", ["spawn", "forkserver"])
def test_unguarded_main_module_fails_where_it_is_imported_again(start_method):
    result = multiprocessing_spawn_no_guard.main(start_method)
    assert "work done" not in result["stdout"]
    assert result["errors"][0].startswith("RuntimeError: An attempt has been made")
    assert "bootstrapping phase" in result["errors"][0]
    top_levels = re.findall(r"top level of (\S+) runs in (\S+), pid", result["stdout"])
    assert top_levels[0] == ("__main__", "MainProcess")
    # Imported again by the child, or (forkserver, 3.13.8+ and 3.14.1+) by the fork server,
    # which is a plain Python process: its multiprocessing name is MainProcess.
    child = {"spawn": "SpawnProcess-1", "forkserver": "ForkServerProcess-1"}[start_method]
    importers = {name for module, name in top_levels[1:] if module == "__mp_main__"}
    assert importers & {child, "MainProcess" if start_method == "forkserver" else child}


def test_unguarded_main_module_runs_under_fork():
    result = multiprocessing_spawn_no_guard.main("fork")
    assert result["errors"] == []
    assert result["returncode"] == 0
    assert "work done" in result["stdout"]
    assert "parent (fork): child exitcode 0" in result["stdout"]
