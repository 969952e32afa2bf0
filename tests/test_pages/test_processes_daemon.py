"""docs/processes/daemon: `daemon` is a flag of the child; what it does when the parent exits."""

import multiprocessing as mp

import pytest
from timelines import record

from snippets.processes import multiprocessing_daemon, multiprocessing_daemon_children


def test_daemonic_child_is_terminated_with_its_parent_and_its_finally_does_not_run(start_method):
    results = multiprocessing_daemon.main(life=0.1, work=1.5, start_method=start_method)
    daemonic, ordinary = results[True], results[False]

    assert any("started, daemon=True" in line for line in daemonic)
    assert any("returns without join()" in line for line in daemonic)
    assert not any("finished its work" in line for line in daemonic)
    assert not any("finally ran" in line for line in daemonic)

    # A non-daemonic child is waited for: it finishes, and its finally runs.
    assert any("started, daemon=False" in line for line in ordinary)
    assert any("finished its work" in line for line in ordinary)
    assert ordinary[-1].endswith("finally ran")


def test_daemonic_process_may_not_have_children(start_method):
    outcome = multiprocessing_daemon_children.main(start_method=start_method)
    assert outcome == "AssertionError: daemonic processes are not allowed to have children"


def test_daemon_flag_defaults_to_the_creators_and_is_fixed_at_start(start_method):
    ctx = mp.get_context(start_method)
    assert mp.current_process().daemon is False
    process = ctx.Process(target=multiprocessing_daemon_children.grandchild)
    assert process.daemon is False
    process.start()
    try:
        with pytest.raises(AssertionError, match="process has already started"):
            process.daemon = True
    finally:
        process.join()


def test_the_timeline_shows_the_daemon_child_ended_by_sigterm_and_the_other_waited_for(
    start_method: str,
) -> None:
    timeline = record(
        "snippets/processes/multiprocessing_daemon.py", start_method=start_method
    ).timeline

    def named(suffix: str) -> dict:
        [process] = [p for p in timeline["processes"] if p["name"].endswith(suffix)]
        return process

    # Run 1, daemon=True: the child is ended by the SIGTERM its parent sends on its way out.
    parent, child = named("Process-1"), named("Process-1:1")
    assert child["ended"] == "SIGTERM"
    assert child["end"] <= parent["end"]
    # Run 2, daemon=False: the child ends on its own, and its parent's exit waits for it.
    parent, child = named("Process-2"), named("Process-2:1")
    assert child["ended"] == "exit"
    assert child["end"] <= parent["end"]


def test_a_daemon_child_outlives_a_parent_ended_by_os_exit_or_sigkill(start_method: str) -> None:
    # Run as the build runs it, below the runner's subreaper: main() waits until each orphan is
    # reaped by its new parent, which here, in the test process, would be an init that may never
    # reap (a container's).
    run = record("snippets/processes/multiprocessing_daemon_orphan.py", start_method=start_method)
    lines = run.output.splitlines()
    assert [line for line in lines if line.startswith("parent ended")] == [
        "parent ended by os._exit(0): exitcode 0",
        "parent ended by SIGKILL: exitcode -9",
    ]
    assert sum("still running, stopping now" in line for line in lines) == 2
    assert sum("has ended: nothing is left" in line for line in lines) == 2

    processes = run.timeline["processes"]
    for number, parent_ended in ((1, "exit"), (2, "SIGKILL")):
        [parent] = [p for p in processes if p["name"].endswith(f"Process-{number}")]
        [child] = [p for p in processes if p["name"] == f"{parent['name']}:1"]
        assert parent["ended"] == parent_ended
        # The daemon child was not terminated with its parent: it ended later, on its own.
        assert child["ended"] == "exit"
        assert child["end"] > parent["end"]
