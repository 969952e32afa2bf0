"""docs/futures/pools: shutdown and cancel, pool sizes and worker lifetime, broken pools."""

import os
import sys

import newer_python
import pytest

from snippets.futures import (
    futures_broken_initializer,
    futures_broken_process_pool,
    futures_cancel,
    futures_ctrl_c,
    futures_deadlock_process,
    futures_deadlock_wait,
    futures_default_workers,
    futures_initializer,
    futures_interpreter_pool,
    futures_max_tasks_per_child,
    futures_running_task,
    futures_shutdown,
    futures_terminate_workers,
    futures_worker_reuse,
)


def test_shutdown_waits_or_not_and_cancel_futures_drops_the_queue():
    seconds = 0.2
    result = futures_shutdown.main(seconds=seconds)
    assert result["with"]["states"] == ["done"] * 4
    assert result["with"]["seconds"] >= 3 * seconds  # waited for the three queued tasks
    assert result["wait=False"]["states"] == ["running", "pending", "pending", "pending"]
    assert result["wait=False"]["final"] == ["done"] * 4  # they ran all the same
    assert result["cancel_futures=True"]["states"] == ["done"] + ["cancelled"] * 3
    assert result["refused"] == "cannot schedule new futures after shutdown"


def test_ctrl_c_comes_in_the_main_thread_and_the_with_block_waits_for_the_tasks():
    outcome = futures_ctrl_c.main(seconds=1.0)
    assert outcome["with the with block alone"] == ["done"] * 4
    # The interrupt came a quarter into task 0, 0.75 s before task 1 could start: cancel_futures
    # found 1-3 still queued.
    assert outcome["with cancel_futures=True"] == ["done"] + ["cancelled"] * 3


def test_cancel_works_only_on_a_pending_future():
    assert futures_cancel.main() == {
        "running.cancel()": False,
        "queued.cancel()": True,
        "running": "first finished",
        "queued": "CancelledError",
    }


def test_nothing_stops_a_running_thread_pool_task():
    # The task lasts 2 s; the program's three attempts take an eighth of that.
    outcome = futures_running_task.main(steps=8, step=0.25)
    assert outcome["cancel()"] is False
    assert outcome["result(timeout)"] == "TimeoutError"
    assert outcome["running after shutdown"] is True
    assert outcome["steps done"] == 8  # every step, after shutdown(cancel_futures=True)


def test_terminate_workers_gate_follows_the_version(start_method):
    has = hasattr(futures_terminate_workers.ProcessPoolExecutor, "terminate_workers")
    assert has == (sys.version_info >= (3, 14))
    assert has == futures_terminate_workers.HAS_TERMINATE
    result = futures_terminate_workers.main(seconds=20, start_method=start_method)
    assert result["has_terminate"] is has
    if has:
        assert result["outcome"] != "a result"
        assert result["left"] == 0


def test_terminate_workers_gate_on_the_pages_interpreter():
    """The page shows 3.13 here (3.15 on the deployed site): the gate follows that version."""
    result = newer_python.call(
        "3.13", "snippets.futures.futures_terminate_workers", "main", seconds=5
    )
    minor = int(result["version"].split(".")[1])
    assert result["has_terminate"] is (minor >= 14)
    if result["has_terminate"]:
        assert result["outcome"] != "a result"
        assert result["left"] == 0


def test_a_task_waiting_on_its_own_pool_deadlocks_with_one_worker():
    outcome = futures_deadlock_wait.main(patience=0.2)
    # One worker, busy waiting: the task it waits for cannot even start. A second worker runs it.
    assert outcome[1] == "TimeoutError after 0.2 s: the task it waited for was still queued"
    assert outcome[2] == "value of user:42"


def test_a_process_task_cannot_use_its_pool(start_method):
    outcome = futures_deadlock_process.main(patience=0.3, start_method=start_method)
    assert outcome["given"].startswith("TypeError: cannot pickle ")
    # Forked with the pool's lock held, the worker blocks before its own 0.3 s wait begins: the
    # caller waits three times as long and gets nothing.
    assert outcome["forked"] == "no answer"


def test_the_interpreter_pool_snippet_follows_the_version():
    found = newer_python.call("3.13", "snippets.futures.futures_interpreter_pool", "main")
    version = newer_python.newest("3.13").version
    if found is None:  # no InterpreterPoolExecutor: the newest interpreter here is older than 3.14
        assert int(version.split(".")[1]) < 14
        return
    assert found["square"] == "returned 49"  # found by running the guarded script again
    assert found["closure"].startswith("raised ")
    assert found["parse"] == "raised ValueError (cause: ExecutionFailed)"
    assert found["initializer"].endswith(", a BrokenExecutor: True")


def test_before_3_14_the_interpreter_pool_snippet_says_it_is_missing(capsys):
    assert futures_interpreter_pool.main() is None  # the tests run on 3.11
    assert capsys.readouterr().out == (
        f"Python {sys.version_info.major}.{sys.version_info.minor} has no "
        "InterpreterPoolExecutor (added in 3.14)\n"
    )


def test_default_pool_sizes():
    result = futures_default_workers.main()
    cpus = result["process_cpu_count"] or result["cpu_count"]
    assert result["threads"] == min(32, cpus + 4)
    assert result["processes"] == cpus
    if sys.version_info >= (3, 13):
        assert result["process_cpu_count"] == os.process_cpu_count()


def test_workers_start_on_demand_and_are_reused(start_method):
    result = futures_worker_reuse.main(tasks=4, pause=0.1, start_method=start_method)
    assert set(result["threads"]) <= {f"worker_{i}" for i in range(4)}
    # fork starts every worker with the first task; spawn and forkserver one as needed.
    assert result["alive"][0] == (4 if start_method == "fork" else 1)
    assert max(result["alive"]) <= 4
    assert len(set(result["pids"])) <= max(result["alive"])
    assert os.getpid() not in result["pids"]


def test_the_initializer_runs_once_per_worker_before_its_tasks(start_method):
    result = futures_initializer.main(tasks=6, start_method=start_method)
    assert result["method"] == start_method
    assert [n for n, _, _ in result["rows"]] == list(range(6))
    for _, pid, connection in result["rows"]:
        assert connection == f"orders.db (opened in pid {pid})"


def test_the_initializer_prints_once_per_worker(run_script):
    run = run_script("snippets/futures/futures_initializer.py")
    assert run.returncode == 0
    assert run.output.count("initializer: pid") <= 2  # max_workers=2


def test_max_tasks_per_child_replaces_the_worker(start_method):
    result = futures_max_tasks_per_child.main(tasks=6, per_child=2, start_method=start_method)
    assert "incompatible with the 'fork'" in result["refused"]  # fork refuses, whatever is asked
    assert result["method"] == ("spawn" if start_method == "fork" else start_method)
    pids = [pid for _, pid in result["rows"]]
    assert pids[0] == pids[1] and pids[2] == pids[3] and pids[4] == pids[5]
    assert len({pids[0], pids[2], pids[4]}) == 3


@pytest.mark.parametrize("how", ["exit", "kill"])
def test_a_dead_worker_breaks_the_pool(start_method, how):
    result = futures_broken_process_pool.main(how=how, start_method=start_method)
    outcomes = result["outcomes"]
    assert outcomes[2] == "BrokenProcessPool"  # the task whose worker died
    # Every other task kept its result or, not finished when the worker died, lost it: which
    # ones is a race with the healthy worker (a busy machine can let it finish them all).
    for n, outcome in outcomes.items():
        assert outcome in (n, "BrokenProcessPool")
    assert result["after"] == "BrokenProcessPool"


def test_a_failing_initializer_breaks_either_pool(start_method):
    assert futures_broken_initializer.main(start_method=start_method) == {
        "ThreadPoolExecutor": {"future": "BrokenThreadPool", "submit_after": "BrokenThreadPool"},
        "ProcessPoolExecutor": {
            "future": "BrokenProcessPool",
            "submit_after": "BrokenProcessPool",
        },
    }
