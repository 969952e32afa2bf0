"""What processes/terminate says of its runs."""

import re

from snippet_runner.statements import Block, Run

zombie = Block("snippets/processes/multiprocessing_terminate_zombie.py")
exitcodes = Block("snippets/processes/multiprocessing_exitcodes.py")
held_lock = Block("snippets/processes/multiprocessing_terminate_lock.py")

ROW = r"^\s*(?P<pid>\d+)\s+(?P<ppid>\d*)\s+(?P<state>[A-Z-])\s+(?P<command>.*)$"


def pids(run: Run) -> dict[str, str]:
    found = run.find(r"finisher (?P<finisher>\d+) works .*; sleeper (?P<sleeper>\d+) would work")
    return {"finisher": found["finisher"], "sleeper": found["sleeper"]}


def parent(run: Run) -> str:
    return run.find(r"^start method \w+; parent (\d+)$")[1]


def table(run: Run, title: str) -> dict[str, dict]:
    """Each child's row in the table printed under `title`."""
    lines = run.lines
    start = lines.index(title)
    rows = {}
    for line in lines[start + 2 :]:  # past the title and the header
        if not line.strip():
            break
        row = re.match(ROW, line)
        if row is None:
            raise ValueError(f"not a row of the table: {line!r}")
        for name, pid in pids(run).items():
            if row["pid"] == pid:
                rows[name] = row.groupdict()
    return rows


BEFORE = "both children have ended, neither has been joined:"
AFTER = "after join():"


def gone(row: dict) -> bool:
    return row["command"] == "(no such process)"


@zombie.says(on="fork spawn")
def both_children_were_zombies_of_the_parent(run: Run) -> bool:
    before = table(run, BEFORE)
    return len(before) == 2 and all(
        row["state"] == "Z" and row["ppid"] == parent(run) and row["command"].endswith("<defunct>")
        for row in before.values()
    )


@zombie.says
def join_reaped_them(run: Run) -> bool:
    after = table(run, AFTER)
    return len(after) == 2 and all(gone(row) for row in after.values())


@zombie.says(on="forkserver")
def under_forkserver_they_were_gone_before_join(run: Run) -> bool:
    before = table(run, BEFORE)
    return len(before) == 2 and all(gone(row) for row in before.values())


@zombie.says
def finisher_exited_0_sleeper_minus_15(run: Run) -> bool:
    codes = run.find(r"^exitcodes: finisher (?P<finisher>-?\d+), sleeper (?P<sleeper>-?\d+)$")
    return (codes["finisher"], codes["sleeper"]) == ("0", "-15")


def lanes(run: Run) -> tuple[dict, dict]:
    """The two children's lanes. (A cold build under load once drew no lane for the sleeper,
    terminated before the recorder heard of it: the statements on them are measured again.)"""
    processes = run.timeline["processes"]
    [finisher] = [p for p in processes if p["name"] == "finisher"]
    [sleeper] = [p for p in processes if p["name"] == "sleeper"]
    return finisher, sleeper


@zombie.says(about_timing=True)
def sleeper_was_ended_by_sigterm(run: Run) -> bool:
    return lanes(run)[1]["ended"] == "SIGTERM"


@zombie.says(on="fork spawn", about_timing=True)
def finishers_zombie_outlasted_sleepers_end(run: Run) -> bool:
    finisher, sleeper = lanes(run)
    return finisher.get("zombie_until", 0) > sleeper["end"] and "zombie_until" in sleeper


@zombie.says(on="forkserver", about_timing=True)
def the_fork_server_reaped_finisher_at_once(run: Run) -> bool:
    finisher, sleeper = lanes(run)
    return finisher.get("zombie_until", finisher["end"]) <= sleeper["end"]


def rows(run: Run) -> dict[str, tuple[str, str]]:
    found = run.find_all(r"^\| (?P<how>[^|]+?) \| (?P<code>-?\d+) \| (?P<ran>True|False) \|$")
    return {m["how"]: (m["code"], m["ran"]) for m in found}


@exitcodes.says
def a_signal_gives_minus_its_number_and_no_finally(run: Run) -> bool:
    ended = rows(run)
    return ended["terminate()"] == ("-15", "False") and ended["kill()"] == ("-9", "False")


@exitcodes.says
def sigint_runs_finally_and_exits_1(run: Run) -> bool:
    return rows(run)["SIGINT, as 3.14's interrupt()"] == ("1", "True")


@exitcodes.says
def what_the_child_did_itself_ran_finally(run: Run) -> bool:
    ended = rows(run)
    return (
        ended["returns normally"] == ("0", "True")
        and ended["calls sys.exit(3)"] == ("3", "True")
        and ended["raises an exception"] == ("1", "True")
    )


@held_lock.says
def the_terminated_holder_never_released_the_lock(run: Run) -> bool:
    terminated = run.find(r"terminated while holding the lock, exitcode (-?\d+)$")[1]
    acquired = run.find(r"lock\.acquire\(timeout=[\d.]+\) -> (\w+)$")[1]
    return (terminated, acquired) == ("-15", "False")
