"""What processes/join says of its runs."""

from snippet_runner.statements import Block, Run

join = Block("snippets/processes/multiprocessing_join.py")
join_timeout = Block("snippets/processes/multiprocessing_join_timeout.py")

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


@join.says
def ticker_ticked_while_joined(run: Run) -> bool:
    """The same process's other thread ran on while its main thread waited in join()."""
    ticks = [float(t) for t in run.find(TICKED)["ticks"].split(",") if t.strip()]
    return len(ticks) >= 2 and all(run.number(CALLED) < t < run.number(RETURNED) for t in ticks)


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
