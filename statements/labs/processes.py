"""What the processes lab says of its run: who started the workers, what a cell's function does
to a child and to a pool, and how many cores the computation kept busy."""

import re

from snippet_runner.statements import Notebook, Run

lab = Notebook("docs/labs/processes.ipynb")

POOL_LINE = r"^{method} +worker pids \[(?P<pids>[\d, ]+)\], parent pids \[(?P<parents>[\d, ]+)\]"
CORES = r"^{label}.*: (?P<wall>[\d.]+) s, CPU (?P<cpu>[\d.]+) s, (?P<cores>[\d.]+) cores busy"


def kernel(run: Run) -> str:
    return re.search(r"kernel pid (\d+)", run.cell("setup"))[1]


def pool_of(run: Run, method: str) -> dict[str, list[str]]:
    found = re.search(POOL_LINE.format(method=method), run.cell("start-methods"), re.M)
    if found is None:
        raise ValueError(f"the start-methods cell printed no line for {method}")
    return {key: value.split(", ") for key, value in found.groupdict().items()}


def cores_of(run: Run, label: str) -> re.Match[str]:
    found = re.search(CORES.format(label=label), run.cell("cpu-bound"), re.M)
    if found is None:
        raise ValueError(f"the cpu-bound cell printed no line for {label}")
    return found


@lab.figure
def kernel_pid(run: Run) -> str:
    return kernel(run)


@lab.figure
def fork_server_pid(run: Run) -> str:
    return pool_of(run, "forkserver")["parents"][0]


@lab.says
def fork_and_spawn_workers_are_the_kernels(run: Run) -> bool:
    return all(pool_of(run, method)["parents"] == [kernel(run)] for method in ("fork", "spawn"))


@lab.says
def forkserver_workers_are_the_servers(run: Run) -> bool:
    parents = pool_of(run, "forkserver")["parents"]
    return len(parents) == 1 and parents != [kernel(run)]


@lab.says
def at_most_two_workers(run: Run) -> bool:
    methods = ("fork", "spawn", "forkserver")
    return all(1 <= len(pool_of(run, method)["pids"]) <= 2 for method in methods)


@lab.says
def cell_function_fails_under_spawn_and_forkserver(run: Run) -> bool:
    printed = run.cell("cell-function")
    codes = dict(re.findall(r"^(\w+) +exitcode (-?\d+)$", printed, re.M))
    return codes == {"fork": "0", "spawn": "1", "forkserver": "1"}


@lab.says
def the_pool_breaks_instead_of_hanging(run: Run) -> bool:
    printed = run.cell("broken-pool")
    return (
        "result() raised BrokenProcessPool: " in printed
        and "a later submit() raised BrokenProcessPool: " in printed
        and "worker processes left: 0" in printed
    )


@lab.figure
def sequential_cores(run: Run) -> str:
    return cores_of(run, "one after another")["cores"]


@lab.says
def sequential_keeps_one_core_at_most(run: Run) -> bool:
    """One thread computes: its CPU time is no more than its wall time (1.1: the two clocks
    are read at slightly different moments, and the kernel's own threads add a little)."""
    found = cores_of(run, "one after another")
    return float(found["cpu"]) <= 1.1 * float(found["wall"])


@lab.figure
def pool_cores(run: Run) -> str:
    return cores_of(run, "pool of")["cores"]


@lab.says(about_timing=True)
def the_pool_keeps_several_cores_busy(run: Run) -> bool:
    """More than 1.3 cores busy, the same results: where the machine left the pool the cores."""
    printed = run.cell("cpu-bound")
    if "same results: True" not in printed:
        return False
    return run.unless_busy(
        float(cores_of(run, "pool of")["cores"]) > 1.3,
        zh="这次测量时只有 {free:.1f} 个空闲的 CPU 核心，不足以显示进程池同时让几个核心忙碌。",
        en="Only {free:.1f} CPU cores were free for this measurement: too few to "
        "show the pool keeping several cores busy.",
    )
