"""docs/processes/terminate: zombies, exit codes, and what terminate() skips."""

import multiprocessing as mp
import signal

import pytest
from timelines import process_named, record, root

from snippets.processes import (
    multiprocessing_exitcodes,
    multiprocessing_terminate_lock,
    multiprocessing_terminate_zombie,
)


def test_ended_children_are_zombies_until_joined(start_method):
    result = multiprocessing_terminate_zombie.main(short=0.1, start_method=start_method)
    pids = result["pids"]
    children = [pids["finisher"], pids["sleeper"]]
    if start_method == "forkserver":
        # The fork server is their parent and reaps them itself: no zombie waits for us.
        assert all(result["before_join"][pid] in (None, "Z") for pid in children)
    else:
        # Terminated or not: every ended child that nobody waited for is a zombie.
        assert all(result["before_join"][pid] == "Z" for pid in children)
    assert all(result["after_join"][pid] is None for pid in children)
    assert result["exitcodes"] == {"finisher": 0, "sleeper": -signal.SIGTERM}


def test_exitcode_and_finally_for_each_way_of_ending(start_method):
    results = multiprocessing_exitcodes.main(start_method=start_method)
    assert results == {
        "returns normally": (0, True),
        "calls sys.exit(3)": (3, True),
        "raises an exception": (1, True),
        "terminate()": (-signal.SIGTERM, False),
        "kill()": (-signal.SIGKILL, False),
        "SIGINT, as 3.14's interrupt()": (1, True),
    }


def test_terminating_a_lock_holder_leaves_the_lock_locked(start_method):
    assert multiprocessing_terminate_lock.main(patience=0.3, start_method=start_method) is False


REAPERS = {
    "join": lambda process, ctx: process.join(),
    "is_alive": lambda process, ctx: process.is_alive(),
    "exitcode": lambda process, ctx: process.exitcode,
    "active_children": lambda process, ctx: mp.active_children(),
    "starting another process": lambda process, ctx: _start_and_join_another(ctx),
}


def _start_and_join_another(ctx) -> None:
    other = ctx.Process(target=multiprocessing_terminate_zombie.work, args=(0,))
    other.start()  # Process.start() first reaps children that have ended
    other.join()


@pytest.mark.parametrize("start_method", ["fork", "spawn"])  # forkserver: the server reaps
@pytest.mark.parametrize("reaper", list(REAPERS))
def test_each_of_these_reaps_an_ended_child(start_method, reaper):
    ctx = mp.get_context(start_method)
    process = ctx.Process(target=multiprocessing_terminate_zombie.work, args=(0,))
    process.start()
    multiprocessing_terminate_zombie.wait_until_exited(process)
    assert multiprocessing_terminate_zombie.stat_fields(process.pid)[1] == "Z"
    REAPERS[reaper](process, ctx)
    assert multiprocessing_terminate_zombie.stat_fields(process.pid) is None
    process.join()


def test_the_timeline_shows_sigterm_and_the_zombies_per_start_method(start_method: str) -> None:
    timeline = record(
        "snippets/processes/multiprocessing_terminate_zombie.py", start_method=start_method
    ).timeline
    main = root(timeline)
    finisher, sleeper = process_named(timeline, "finisher"), process_named(timeline, "sleeper")
    assert finisher["ended"] == "exit"
    assert sleeper["ended"] == "SIGTERM"  # sleeper.end: when terminate() sent it
    if start_method == "forkserver":
        # Children of the fork server (itself a child of the program), reaped by it at once:
        # the finisher is gone before the sleeper is terminated.
        [server] = [p for p in timeline["processes"] if p["pid"] == finisher["ppid"]]
        assert sleeper["ppid"] == server["pid"] != main["pid"] == server["ppid"]
        assert finisher.get("zombie_until", finisher["end"]) <= sleeper["end"]
    else:
        # The program's own children, zombies until join(), after both have ended.
        assert finisher["ppid"] == sleeper["ppid"] == main["pid"]
        last_end = max(finisher["end"], sleeper["end"])
        assert finisher["zombie_until"] >= last_end
        assert sleeper["zombie_until"] >= last_end
