"""What processes/start-methods says of its runs."""

import re

from snippet_runner.statements import Block, Run

fixed = Block("snippets/processes/multiprocessing_start_method_fixed.py")
methods = Block("snippets/processes/multiprocessing_start_methods.py")
no_guard = Block("snippets/processes/multiprocessing_spawn_no_guard.py")
lambdas = Block("snippets/processes/multiprocessing_spawn_lambda.py")

# ------------------------------------------------------------------ what fixes the start method

ALREADY_SET = "RuntimeError: context has already been set"


def outcome(run: Run, first_step: str) -> str:
    """What set_start_method('spawn') did after `first_step`, in a fresh program."""
    return run.find(rf"^{re.escape(first_step)}\s{{2,}}(.+)$")[1].strip()


@fixed.says
def nothing_yet_fixed_then_set_works(run: Run) -> bool:
    return all(
        outcome(run, step) == "ok: 'spawn'"
        for step in ("(nothing)", "get_start_method(allow_none=True)", "Process()")
    )


@fixed.says
def asking_or_creating_fixes_the_method(run: Run) -> bool:
    steps = (
        "get_start_method()",
        "Process().start()",
        "Queue()",
        "Lock()",
        "Manager()",
        "set_start_method('spawn')",
    )
    return all(outcome(run, step) == ALREADY_SET for step in steps)


@fixed.says
def force_sets_it_anyway(run: Run) -> bool:
    return outcome(run, "get_start_method(), force=True") == "ok: 'spawn'"


@fixed.says
def an_unknown_method_is_a_value_error(run: Run) -> bool:
    said = run.find(r"^get_context\('threads'\): (.*)$")[1]
    return said == "ValueError: cannot find context for 'threads'"


# ------------------------------------------------------------------ where the module comes from

MODULE_LEVEL = r"^\[module level\] (?P<name>\S+) imported in pid (?P<pid>\d+)$"
CHILD = r"^\s*{method}: child (?P<child>\d+) sees module '(?P<module>\S+)', (?P<origin>.+)$"


def parent(run: Run) -> str:
    return run.find(r"parent pid (\d+)")[1]


def child_line(run: Run, method: str):
    return run.find(CHILD.format(method=method))


def imported_by(run: Run) -> dict[str, str]:
    """Each pid that ran the module's top level, and the module name it ran it under."""
    return {m["pid"]: m["name"] for m in run.find_all(MODULE_LEVEL)}


def preloads_main(run: Run) -> bool:
    """Whether this interpreter's fork server imports the main module itself (gh-126631)."""
    return run.version >= (3, 14, 1) or (3, 13, 8) <= run.version < (3, 14)


@methods.says
def the_main_process_ran_the_module_first(run: Run) -> bool:
    first = run.find(MODULE_LEVEL)
    return run.lines[0] == first[0] and (first["name"], first["pid"]) == ("__main__", parent(run))


@methods.says
def fork_child_inherited_the_module(run: Run) -> bool:
    fork = child_line(run, "fork")
    return (
        fork["module"] == "__main__"
        and fork["origin"] == "inherited from the parent"
        and fork["child"] not in imported_by(run)
    )


def child_imported_it_again(run: Run, method: str) -> bool:
    """The child printed the module-level line itself, under the name __mp_main__."""
    child = child_line(run, method)
    return (
        child["module"] == "__mp_main__"
        and child["origin"] == "imported again by the child"
        and imported_by(run).get(child["child"]) == "__mp_main__"
    )


@methods.says
def spawn_child_imported_it_again(run: Run) -> bool:
    return child_imported_it_again(run, "spawn")


@methods.says(python="<3.13.8")
def forkserver_child_imported_it_again(run: Run) -> bool:
    return child_imported_it_again(run, "forkserver")


@methods.says(python=">=3.13.8")
def forkserver_child_inherited_it_from_the_server(run: Run) -> bool:
    """Since 3.13.8 and 3.14.1 the fork server preloads __main__ (3.14.0 did not)."""
    if not preloads_main(run):
        return False
    forkserver = child_line(run, "forkserver")
    server = forkserver["origin"].removeprefix("inherited from the fork server ")
    return (
        forkserver["module"] == "__mp_main__"
        and server.isdigit()
        and imported_by(run).get(server) == "__mp_main__"
        and forkserver["child"] not in imported_by(run)
        and server not in (forkserver["child"], parent(run))
    )


@methods.figure(python=">=3.13.8")
def fork_server_pid(run: Run) -> str:
    return child_line(run, "forkserver")["origin"].rsplit(" ", 1)[-1]


def the_fork_server(run: Run) -> tuple[dict, dict]:
    """The main process and the fork server: the parent of the forkserver pool's worker."""
    processes = run.timeline["processes"]
    [worker] = [p for p in processes if p["name"].startswith("ForkServerPoolWorker")]
    [server] = [p for p in processes if p["pid"] == worker["ppid"]]
    return processes[0], server


@methods.says
def the_fork_server_outlived_the_program(run: Run) -> bool:
    """The fork server lived on after its child, until the program itself had ended."""
    main, server = the_fork_server(run)
    [worker] = [p for p in run.timeline["processes"] if p["ppid"] == server["pid"]]
    return server["ppid"] == main["pid"] and server["end"] >= max(main["end"], worker["end"])


# ------------------------------------------------------------------ the guard

TOP_LEVEL = r"top level of (?P<name>\S+) runs in (?P<process>\S+), pid (?P<pid>\d+)"


def top_levels(run: Run) -> list[tuple[str, str, str]]:
    return [(m["name"], m["process"], m["pid"]) for m in run.find_all(TOP_LEVEL)]


def guard_error(run: Run) -> bool:
    return "bootstrapping phase" in run.output


@no_guard.says(on="fork")
def fork_runs_the_unguarded_script(run: Run) -> bool:
    return (
        [name for name, _, _ in top_levels(run)] == ["__main__"]
        and "    work done" in run.lines
        and run.find(r"parent \(fork\): child exitcode (\d+)")[1] == "0"
        and not guard_error(run)
    )


@no_guard.says(on="spawn forkserver")
def the_unguarded_work_is_never_done(run: Run) -> bool:
    return "    work done" not in run.lines and guard_error(run)


def a_child_ran_the_top_level_and_failed(run: Run, method: str) -> bool:
    prefix = {"spawn": "SpawnProcess", "forkserver": "ForkServerProcess"}[method]
    return (
        any(
            name == "__mp_main__" and process.startswith(prefix)
            for name, process, _ in top_levels(run)
        )
        and run.find(rf"parent \({method}\): child exitcode (\d+)")[1] == "1"
    )


@no_guard.says(on="spawn")
def the_spawned_child_ran_the_top_level_and_failed(run: Run) -> bool:
    script_ended_as_usual = run.find(r"exit code (\d+)")[1] == "0"
    return script_ended_as_usual and a_child_ran_the_top_level_and_failed(run, "spawn")


@no_guard.says(on="forkserver", python="<3.13.8")
def the_forkserver_child_ran_the_top_level_and_failed(run: Run) -> bool:
    return a_child_ran_the_top_level_and_failed(run, "forkserver")


@no_guard.says(on="forkserver", python=">=3.13.8")
def the_fork_server_ran_the_top_level(run: Run) -> bool:
    """The fork server preloads the script: its top level runs there, in a process that is
    neither the script's (another pid) nor a child multiprocessing started (MainProcess)."""
    if not preloads_main(run):
        return False
    ran = top_levels(run)
    script = next(pid for name, _, pid in ran if name == "__main__")
    return any(
        name == "__mp_main__" and process == "MainProcess" and pid != script
        for name, process, pid in ran
    )


# ------------------------------------------------------------------ pickling the target

TRIED = r"^\s*(?P<method>\w+),\s+(?P<target>\w+): (?P<outcome>.+)$"


def tried(run: Run) -> dict[tuple[str, str], str]:
    return {(m["method"], m["target"]): m["outcome"] for m in run.find_all(TRIED, count=6)}


@lambdas.says
def only_fork_runs_the_lambda(run: Run) -> bool:
    outcomes = tried(run)
    return (
        outcomes["fork", "lambda"] == "ran, exitcode 0"
        and all("lambda" in outcomes[m, "lambda"] for m in ("spawn", "forkserver"))
        and not any(outcomes[m, "lambda"].startswith("ran") for m in ("spawn", "forkserver"))
    )


@lambdas.says
def greet_runs_under_all_three(run: Run) -> bool:
    return all(
        outcome == "ran, exitcode 0" for (_, t), outcome in tried(run).items() if t == "greet"
    )


@lambdas.says
def a_failed_start_left_no_process(run: Run) -> bool:
    """Only the starts that ran made a process: four children in the timeline, not six."""
    started = [p for p in run.timeline["processes"] if p["name"].rsplit("-", 1)[-1].isdigit()]
    ran = [outcome for outcome in tried(run).values() if outcome.startswith("ran")]
    return len(started) == len(ran) == 4
