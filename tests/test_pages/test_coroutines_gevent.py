"""docs/coroutines/gevent: greenlets, patching order, Pool.

The gevent snippets call ``monkey.patch_all()`` at import time, as gevent requires, so they are
never imported into the pytest process: each test imports one in a fresh interpreter and gets
back what its ``main()`` returned, and the page's own run is checked with ``run_script``.
"""

import fresh_interpreter
import gevent  # noqa: F401  (requirements-dev installs it: missing, the module fails, never skips)
import pytest
from timelines import most_at_once, record


def call_main(module: str, **kwargs) -> dict:
    return fresh_interpreter.call_main(f"snippets.coroutines.{module}", **kwargs)


def test_greenlets_overlap_in_one_os_thread():
    result = call_main("gevent_greenlets", count=3, seconds=0.05)
    assert result["time_patched"] is True
    # All three started before any finished: the patched sleep switched greenlets.
    assert sorted(result["events"][:3]) == ["start g0", "start g1", "start g2"]
    assert result["os_threads"] == 1
    assert result["idents"] == 3  # patched threading.get_ident() names the greenlet


def test_sleep_bound_before_patching_still_blocks():
    seconds = 0.05
    result = call_main("gevent_patch_late", count=3, seconds=seconds)
    assert result["events"] == ["start g0", "done g0", "start g1", "done g1", "start g2", "done g2"]
    assert result["elapsed"] >= 3 * seconds


def test_a_failed_greenlet_keeps_its_exception_and_kill_ends_a_stuck_one():
    result = call_main("gevent_failures", seconds=0.01, patience=0.05, slow=60.0)
    assert result["value"] == "ok data"
    assert result["exception"] == "ConnectionError('broken: connection refused')"
    assert result["dead_after_timeout"] is False  # the timeout ended the wait, not the greenlet
    assert result["dead_after_kill"] is True  # kill() ended its minute-long sleep
    assert sorted(result["events"]) == [
        "broken: finally ran",
        "ok: finally ran",
        "stuck: finally ran",
    ]


def test_the_hub_prints_the_traceback_of_the_failed_greenlet(run_script):
    result = run_script("snippets/coroutines/gevent_failures.py")
    assert result.returncode == 0, result.output
    assert "ConnectionError: broken: connection refused" in result.output
    assert "failed with ConnectionError" in result.output


def test_pool_limits_concurrency_and_map_keeps_order():
    result = call_main("gevent_pool", jobs=9, size=3, seconds=0.2)
    assert result["highest"] == 3
    assert result["results"] == [n * n for n in range(9)]
    # Jobs 0 and 2 start together; 0 sleeps 0.6 s, 2 sleeps 0.2 s: 2 finishes first, yet
    # map still puts 0's result first.
    finished = result["finished"]
    assert finished.index(2) < finished.index(0)


def test_a_failing_pool_map_raises_and_leaves_the_other_jobs_running():
    result = call_main("gevent_pool_errors", jobs=5, size=2, seconds=0.3)
    assert sorted(result["started"]) == [0, 1, 2, 3, 4]  # map() started every job first
    assert 4 in result["running"]  # the last one, spawned just before map() raised
    assert result["ended"] == [1, 2, 3, 4]  # nothing stopped them
    assert result["left"] == 0


@pytest.mark.parametrize(
    "snippet", ["gevent_greenlets", "gevent_patch_late", "gevent_pool", "gevent_pool_errors"]
)
def test_gevent_snippets_run_as_scripts(run_script, snippet):
    result = run_script(f"snippets/coroutines/{snippet}.py")
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output


def test_importing_nothing_here_patched_pytest():
    import socket
    import time

    from gevent import monkey

    assert not monkey.is_module_patched("time")
    assert not monkey.is_module_patched("socket")
    assert time.sleep.__module__ == "time" and socket.socket.__module__ == "socket"


def test_the_timeline_shows_the_greenlets_taking_turns_in_one_thread() -> None:
    """Each fetch greenlet runs until its patched sleep switches away, then runs again once
    the hub wakes it: several runs each, never two greenlets' runs at once."""
    timeline = record("snippets/coroutines/gevent_greenlets.py").timeline
    [process] = timeline["processes"]
    fetches = [g for g in process["greenlets"] if g["name"].startswith("fetch(")]
    assert sorted(g["name"] for g in fetches) == ["fetch('g0')", "fetch('g1')", "fetch('g2')"]
    assert all(len(g["runs"]) >= 2 for g in fetches)  # switched away at sleep, came back
    runs = [run for g in process["greenlets"] for run in g["runs"]]
    assert most_at_once((run["start"], run["end"]) for run in runs) == 1
    assert len({g["tid"] for g in process["greenlets"]}) == 1  # all in one OS thread
