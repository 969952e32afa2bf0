"""What processes/daemon says of its runs."""

from snippet_runner.statements import Block, Run

daemon = Block("snippets/processes/multiprocessing_daemon.py")
orphan = Block("snippets/processes/multiprocessing_daemon_orphan.py")
no_children = Block("snippets/processes/multiprocessing_daemon_children.py")


def events(run: Run, flag: bool) -> list[str]:
    """What the run with daemon=`flag` reported, in order."""
    lines = run.lines
    start = next(i for i, line in enumerate(lines) if line.startswith(f"daemon={flag}:")) + 1
    reported = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        reported.append(line.strip())
    return reported


def parent_and_child(run: Run, run_number: int) -> tuple[dict, dict]:
    """The intermediate parent of the first (daemon=True) or second run, and its child."""
    processes = run.timeline["processes"]
    [parent] = [p for p in processes if p["name"].endswith(f"Process-{run_number}")]
    [child] = [p for p in processes if p["name"] == f"{parent['name']}:1"]
    return parent, child


def work(run: Run) -> float:
    """How long the child works (the program's parameter), in µs as the timeline counts."""
    return run.number(r"^each child works ([\d.]+) s") * 1e6


@daemon.says
def the_daemonic_child_was_terminated_unfinished(run: Run) -> bool:
    reported = events(run, True)
    return any(line.endswith("started, daemon=True") for line in reported) and not any(
        "finished its work" in line or "finally ran" in line for line in reported
    )


@daemon.says
def the_daemonic_child_got_sigterm_before_its_parent_ended(run: Run) -> bool:
    parent, child = parent_and_child(run, 1)
    return child["ended"] == "SIGTERM" and child["end"] <= parent["end"]


@daemon.says(about_timing=True)
def the_daemons_parent_did_not_wait_for_its_work(run: Run) -> bool:
    parent, child = parent_and_child(run, 1)
    return parent["end"] < child["start"] + work(run)


@daemon.says
def the_ordinary_child_finished_and_ran_finally(run: Run) -> bool:
    reported = events(run, False)
    ends = [line for line in reported if "finished its work" in line or "finally ran" in line]
    returned = next(i for i, line in enumerate(reported) if "returns without join()" in line)
    return len(ends) == 2 and all(reported.index(line) > returned for line in ends)


@daemon.says
def the_ordinary_childs_parent_waited_for_it(run: Run) -> bool:
    parent, child = parent_and_child(run, 2)
    return child["ended"] == "exit" and parent["end"] >= child["end"]


# ------------------------------------------------------------------ a parent that does not exit

ENDED = r"^parent ended by (?P<ending>.+): exitcode (?P<exitcode>-?\d+)$"


@orphan.says
def the_parents_ended_without_their_exit_handlers(run: Run) -> bool:
    ended = [(m["ending"], m["exitcode"]) for m in run.find_all(ENDED, count=2)]
    return ended == [("os._exit(0)", "0"), ("SIGKILL", "-9")]


@orphan.says
def the_daemon_children_outlived_their_parents(run: Run) -> bool:
    """Each answered once its parent was reaped, and its lane ends after its parent's, on its
    own exit (the second parent's lane on SIGKILL)."""
    answers = run.find_all(r"^    daemon child \d+: still running, stopping now$", count=2)
    lanes = [parent_and_child(run, n) for n in (1, 2)]
    return (
        len(answers) == 2
        and [parent["ended"] for parent, _ in lanes] == ["exit", "SIGKILL"]
        and all(
            child["ended"] == "exit" and child["end"] > parent["end"] for parent, child in lanes
        )
    )


@orphan.says
def each_orphan_was_gone_before_the_program_ended(run: Run) -> bool:
    gone = run.find_all(r"^    daemon child \d+ has ended: nothing is left$", count=2)
    return len(gone) == 2 and run.returncode == 0


@no_children.says
def a_daemon_may_not_start_a_child(run: Run) -> bool:
    said = run.find(r"tried Process\.start\(\): (.+)$")[1]
    return said == "AssertionError: daemonic processes are not allowed to have children"
