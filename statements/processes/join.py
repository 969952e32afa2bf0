"""What processes/join says of its runs."""

from snippet_runner import oncpu
from snippet_runner.statements import Block, Run

join = Block("snippets/processes/multiprocessing_join.py")
join_timeout = Block("snippets/processes/multiprocessing_join_timeout.py")
join_interrupt = Block("snippets/processes/multiprocessing_join_interrupt.py")

CALLED = r"main thread calls join\(\) at (?P<at>[\d.]+) s"
RETURNED = r"join\(\) returned at (?P<at>[\d.]+) s, exitcode (?P<exitcode>-?\d+)"
WORKED = r"working for (?P<seconds>[\d.]+) s"
TICKED = r"ticker thread ticked at: (?P<ticks>.*)$"
JOINED = (
    r"join\((?P<timeout>[\d.]*)\) returned (?P<returned>\w+) after (?:another )?"
    r"(?P<waited>[\d.]+) s: is_alive\(\)=(?P<alive>\w+), exitcode=(?P<exitcode>\w+)"
)


def waited(run: Run) -> float:
    return run.number(RETURNED) - run.number(CALLED)


@join.figure
def join_wait(run: Run) -> str:
    return f"{waited(run):.2f}"


@join.figure
def child_work(run: Run) -> str:
    return run.find(WORKED)["seconds"]


@join.says
def joined_for_the_childs_work(run: Run) -> bool:
    """The main thread came back from join() only once the child had done its work."""
    return (
        waited(run) >= float(run.find(WORKED)["seconds"]) * 0.9
        and run.find(RETURNED)["exitcode"] == "0"
    )


@join.figure
def ticks_during_join(run: Run) -> str:
    return str(len(run.find(TICKED)["ticks"].split(",")))


@join.says(about_timing=True)
def ticker_ticked_while_joined(run: Run) -> bool:
    """The same process's other thread ran on while its main thread waited in join() (the
    times are printed to 0.01 s, so a tick may show the same figure as the join's start;
    a parent held off a CPU for half the child's work may see fewer ticks: measured again)."""
    ticks = [float(t) for t in run.find(TICKED)["ticks"].split(",") if t.strip()]
    return len(ticks) >= 2 and all(run.number(CALLED) <= t <= run.number(RETURNED) for t in ticks)


def first(run: Run):
    return run.find_all(JOINED, count=2)[0]


def second(run: Run):
    return run.find_all(JOINED, count=2)[1]


@join_timeout.figure
def first_wait(run: Run) -> str:
    return first(run)["waited"]


@join_timeout.says
def first_join_returned_none_child_alive(run: Run) -> bool:
    one = first(run)
    return (one["returned"], one["alive"], one["exitcode"]) == ("None", "True", "None")


@join_timeout.says
def first_join_waited_its_timeout(run: Run) -> bool:
    one = first(run)
    return float(one["waited"]) >= float(one["timeout"])


@join_timeout.says
def second_join_returned_none_child_ended(run: Run) -> bool:
    two = second(run)
    return (two["returned"], two["alive"], two["exitcode"]) == ("None", "False", "0")


@join.says  # what the sampler saw (about timing: a loaded machine may blur it)
def the_main_thread_waited_for_the_child_which_slept(run: Run) -> bool:
    """join() as the kernel saw it: the parent's main thread waited for its child (in wait4
    under fork; the fork server's children are waited for on a pipe, an I/O wait), while the
    child did its work asleep."""
    timeline = run.sampled
    work = 0.5 * float(run.find(WORKED)["seconds"])  # most of it: the sampler's view
    parent, *children = timeline["processes"]
    return oncpu.waited(timeline, parent, "child", "io") >= work and any(
        oncpu.waited(timeline, child, "sleep") >= work for child in children
    )


# ------------------------------------------------------------------ Ctrl+C during join()


@join_interrupt.says
def ctrl_c_ended_the_wait_not_the_child(run: Run) -> bool:
    return (
        "join() raised KeyboardInterrupt; the child is_alive() -> True" in run.lines
        and run.find(r"^after terminate\(\) and join\(\): exitcode (-?\d+)$")[1] == "-15"
    )
