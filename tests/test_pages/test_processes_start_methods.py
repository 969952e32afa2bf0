"""docs/processes/start-methods: fork, spawn, forkserver, and what spawn requires of a program."""

import multiprocessing as mp

import pytest

from snippets.processes import (
    multiprocessing_spawn_lambda,
    multiprocessing_spawn_no_guard,
    multiprocessing_start_methods,
)


def test_linux_offers_all_three_start_methods():
    assert set(mp.get_all_start_methods()) == {"fork", "spawn", "forkserver"}


def test_fork_inherits_the_module_spawn_and_forkserver_import_it_again():
    results = multiprocessing_start_methods.main()
    fork, spawn, forkserver = results["fork"], results["spawn"], results["forkserver"]
    assert fork["imported_in"] == fork["parent"]
    assert spawn["imported_in"] == spawn["child"]
    assert forkserver["imported_in"] != forkserver["parent"]
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
def test_unguarded_main_module_fails_in_a_child_that_imports_it(start_method):
    result = multiprocessing_spawn_no_guard.main(start_method)
    assert result["error"].startswith("RuntimeError")
    assert "bootstrapping phase" in result["error"]
    assert f"parent ({start_method}): child exitcode 1" in result["stdout"]


def test_unguarded_main_module_runs_under_fork():
    result = multiprocessing_spawn_no_guard.main("fork")
    assert result["error"] == ""
    assert "work done" in result["stdout"]
    assert "parent (fork): child exitcode 0" in result["stdout"]
