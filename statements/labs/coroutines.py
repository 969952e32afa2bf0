"""What the coroutines lab says of its run: no asyncio.run() in a running loop, waits that
overlap, a blocking call that stops the loop, a timeout that cannot stop a thread, and a loop
that runs while a process pool computes."""

import re

from snippet_runner.statements import Notebook, Run

lab = Notebook("docs/labs/coroutines.ipynb")

TICKS = r"^{how}: *(?P<ticks>\d+) ticks"
GAVE_UP = r"wait_for\(\) gave up after (?P<seconds>[\d.]+) s; the thread was done: (?P<done>\w+)"
DONE = r"the thread ran on, and was done after (?P<seconds>[\d.]+) s"
POOL_TICKS = r"heartbeat during 4 computations on 2 processes: (?P<ticks>\d+) ticks"


def ticks(run: Run, how: str) -> int:
    return int(re.search(TICKS.format(how=re.escape(how)), run.cell("blocking"), re.M)["ticks"])


def found(run: Run, cell: str, pattern: str) -> re.Match[str]:
    match = re.search(pattern, run.cell(cell), re.M)
    if match is None:
        raise ValueError(f"the {cell} cell printed no line matching {pattern!r}")
    return match


@lab.says
def asyncio_run_refuses_a_running_loop(run: Run) -> bool:
    printed = run.cell("no-asyncio-run")
    return "asyncio.run(): asyncio.run() cannot be called from a running event loop" in printed


@lab.figure
def hundred_waits(run: Run) -> str:
    return found(run, "hundred-waits", r"0\.05\): (?P<seconds>[\d.]+) s")["seconds"]


@lab.says(about_timing=True)
def hundred_waits_overlap(run: Run) -> bool:
    waited = found(run, "hundred-waits", r"0\.05\): (?P<seconds>[\d.]+) s, thread (?P<thread>\w+)")
    return float(waited["seconds"]) < 1.0 and waited["thread"] == "MainThread"


@lab.figure
def ticks_beside_the_thread(run: Run) -> str:
    return str(ticks(run, "asyncio.to_thread"))


@lab.says(about_timing=True)
def blocking_stops_the_loop_a_thread_does_not(run: Run) -> bool:
    return ticks(run, "blocking call") == 0 and ticks(run, "asyncio.to_thread") >= 3


@lab.figure
def gave_up_after(run: Run) -> str:
    return found(run, "timeout", GAVE_UP)["seconds"]


@lab.figure
def thread_finished_after(run: Run) -> str:
    return found(run, "timeout", DONE)["seconds"]


@lab.says(about_timing=True)
def the_thread_runs_on_after_the_timeout(run: Run) -> bool:
    gave_up, done = found(run, "timeout", GAVE_UP), found(run, "timeout", DONE)
    return gave_up["done"] == "False" and float(gave_up["seconds"]) < 0.5 <= float(done["seconds"])


@lab.figure
def ticks_beside_the_pool(run: Run) -> str:
    return found(run, "process-pool", POOL_TICKS)["ticks"]


@lab.says(about_timing=True)
def the_loop_runs_while_the_pool_computes(run: Run) -> bool:
    results = found(run, "process-pool", r"^results: \[(?P<results>[\d, ]+)\]")["results"]
    ticked = int(found(run, "process-pool", POOL_TICKS)["ticks"])
    return ticked >= 2 and len(set(results.split(", "))) == 1
