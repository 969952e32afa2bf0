"""What coroutines/index says of its runs."""

from itertools import pairwise

from snippet_runner.statements import Block, Run

scheduler = Block("snippets/coroutines/generator_scheduler.py")
decorator = Block("snippets/coroutines/asyncio_coroutine_decorator.py")
single_thread = Block("snippets/coroutines/asyncio_single_thread.py")

STEP = r"^(?:task )?(?P<name>\w) step (?P<step>\d+)\s+(?:on )?thread (?P<thread>\d+)$"


def order(run: Run) -> list[str]:
    """The order line's steps: ["A1", "B1", …]."""
    return run.find(r"^order: (?P<steps>.*)$")["steps"].split()


def threads(run: Run) -> set[str]:
    return {step["thread"] for step in run.find_all(STEP)}


def alternate(names: list[str]) -> bool:
    """Two names taking turns, neither running twice in a row."""
    return len(set(names)) == 2 and all(a != b for a, b in pairwise(names))


@scheduler.says
def generators_took_turns_on_one_thread(run: Run) -> bool:
    return alternate([step[0] for step in order(run)]) and len(threads(run)) == 1


@decorator.says(python=">=3.11")
def decorator_gone_async_def_ran(run: Run) -> bool:
    return (
        run.find(r"asyncio\.coroutine exists: (\w+)")[1] == "False"
        and run.find(r"async def returns a coroutine object: (\w+)")[1] == "True"
        and run.find(r"^result: (\S+)")[1] == "42"
    )


@single_thread.says
def one_thread_for_every_task(run: Run) -> bool:
    return len(threads(run)) == 1 and run.find(r"threads used: (\d+)")[1] == "1"


@single_thread.says
def greedy_steps_ran_together(run: Run) -> bool:
    names = [step[0] for step in order(run)]
    first = names.index("G")
    return names[first : first + names.count("G")] == ["G"] * names.count("G")


@single_thread.says
def polite_tasks_took_turns(run: Run) -> bool:
    return alternate([step[0] for step in order(run) if step[0] in "AB"])
