"""What processes/process-class says of its runs."""

from snippet_runner.statements import Block, Run
from snippet_runner.timeline import most_at_once

sing_and_draw = Block("snippets/processes/multiprocessing_process_args.py")
misuse = Block("snippets/processes/multiprocessing_process_misuse.py")

STEP = r"^(?P<name>singer|painter) \(pid (?P<pid>\d+), parent (?P<parent>\d+)\): "
TOOK = r"their steps took (?P<both>[\d.]+) s together; one after the other: (?P<serial>[\d.]+) s"


def steps(run: Run) -> list:
    return run.find_all(STEP)


def parent(run: Run) -> str:
    return run.find(r"^parent pid (\d+)")[1]


@sing_and_draw.says
def the_children_have_pids_of_their_own(run: Run) -> bool:
    pids = {step["name"]: step["pid"] for step in steps(run)}
    return len(set(pids.values())) == 2 and parent(run) not in pids.values()


@sing_and_draw.says(on="fork spawn")
def both_name_the_parent_as_their_parent(run: Run) -> bool:
    return {step["parent"] for step in steps(run)} == {parent(run)}


@sing_and_draw.says(on="forkserver")
def both_name_the_fork_server_as_their_parent(run: Run) -> bool:
    named = {step["parent"] for step in steps(run)}
    return len(named) == 1 and parent(run) not in named


@sing_and_draw.says(about_timing=True)
def singer_and_painter_ran_at_once(run: Run) -> bool:
    """Their lines interleave (each printed one before the other's last), and their lanes
    overlap in the timeline."""
    lanes = [p for p in run.timeline["processes"] if p["name"] in ("singer", "painter")]
    at = {
        name: [i for i, line in enumerate(run.lines) if line.startswith(f"{name} (")]
        for name in ("singer", "painter")
    }
    interleaved = at["singer"][0] < at["painter"][-1] and at["painter"][0] < at["singer"][-1]
    return (
        interleaved and len(lanes) == 2 and most_at_once((p["start"], p["end"]) for p in lanes) == 2
    )


@sing_and_draw.figure
def joined_after(run: Run) -> str:
    return run.find(r"both joined ([\d.]+) s after start\(\)")[1]


@sing_and_draw.figure
def steps_took(run: Run) -> str:
    return run.find(TOOK)["both"]


@sing_and_draw.figure
def one_after_the_other(run: Run) -> str:
    return run.find(TOOK)["serial"]


@sing_and_draw.says(about_timing=True)
def together_faster_than_one_after_the_other(run: Run) -> bool:
    took = run.find(TOOK)
    return float(took["both"]) < float(took["serial"])


def outcome(run: Run, label: str) -> str:
    return run.find(rf"^{label}\s+(.+)$")[1]


@misuse.says
def a_process_refuses_what_its_state_forbids(run: Run) -> bool:
    return (
        outcome(run, r"join\(\) before start\(\)").startswith("AssertionError: can only join")
        and outcome(run, r"start\(\) again") == "AssertionError: cannot start a process twice"
        and outcome(run, r"close\(\) while running").startswith("ValueError: Cannot close")
    )


@misuse.says
def the_targets_exception_stays_in_the_child(run: Run) -> bool:
    """Its traceback on the child's stderr, under "Process failing:", and exit code 1. (Where
    the parent's next lines fall among the traceback's is not the child's doing: its stderr
    and the parent's stdout reach the runner through two pipes.)"""
    traceback = run.lines.index("Process failing:")
    return (
        "ValueError: bad input" in run.lines[traceback:]
        and outcome(run, r"after join\(\):") == "exitcode 1"
    )


@misuse.says
def a_closed_process_refuses_everything(run: Run) -> bool:
    return (
        outcome(run, r"close\(\) once ended") == "ok"
        and outcome(run, r"is_alive\(\) once closed") == "ValueError: process object is closed"
    )
