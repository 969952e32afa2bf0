"""What coroutines/asyncio says of its runs."""

from snippet_runner.statements import Block, Run
from snippet_runner.timeline import most_at_once, shown_tasks

run_block = Block("snippets/coroutines/asyncio_run.py")
leftovers = Block("snippets/coroutines/asyncio_run_leftovers.py")
event_loop = Block("snippets/coroutines/asyncio_get_event_loop.py")
create_task = Block("snippets/coroutines/asyncio_create_task.py")
gather = Block("snippets/coroutines/asyncio_gather_order.py")
gather_errors = Block("snippets/coroutines/asyncio_gather_errors.py")
gather_cancelled = Block("snippets/coroutines/asyncio_gather_cancelled.py")
wait = Block("snippets/coroutines/asyncio_wait.py")
as_completed = Block("snippets/coroutines/asyncio_as_completed.py")
taskgroup = Block("snippets/coroutines/asyncio_taskgroup_cancel.py")
timeout = Block("snippets/coroutines/asyncio_timeout.py")

BREW = r"^\s*(?P<at>[\d.]+)s (?P<what>start|done) +(?P<drink>\w+)$"
TOTAL = r"^\['coffee', 'tea'\] after (?P<seconds>[\d.]+)s$"


def brewed(run: Run) -> dict[str, float]:
    """When each step happened: {"start coffee": 0.05, "done coffee": 0.57, …}."""
    return {f"{m['what']} {m['drink']}": float(m["at"]) for m in run.find_all(BREW, count=4)}


def tasks(run: Run) -> list[dict]:
    return [task for process in run.timeline["processes"] for task in shown_tasks(process)]


# ------------------------------------------------------------------ asyncio.run


@run_block.says
def calling_the_coroutine_function_ran_nothing(run: Run) -> bool:
    return run.find(r"returned a (\w+) object; events so far: (.*)$").groups() == (
        "coroutine",
        "[]",
    )


@run_block.says
def tea_started_once_coffee_was_done(run: Run) -> bool:
    steps = brewed(run)
    return steps["done coffee"] <= steps["start tea"]


@run_block.figure
def sequential_total(run: Run) -> str:
    return run.find(TOTAL)["seconds"]


@leftovers.says
def run_cancelled_the_task_left_pending(run: Run) -> bool:
    lines = run.lines
    return (
        lines.index("serve: raising ValueError")
        < lines.index("heartbeat: CancelledError at its await")
        < lines.index("heartbeat: finally ran")
        < lines.index("asyncio.run raised ValueError: configuration missing")
    )


# ------------------------------------------------------------------ get_event_loop()

OLD = r"^asyncio\.get_event_loop\(\): (?P<outcome>.*)$"


@event_loop.says(python=">=3.12,<3.14")
def old_way_ran_with_a_deprecation_warning(run: Run) -> bool:
    outcome = run.find(OLD)["outcome"]
    return outcome.startswith("ran, result 42;") and "DeprecationWarning" in outcome


@event_loop.says(python="<3.12")
def old_way_ran_without_a_warning(run: Run) -> bool:
    return run.find(OLD)["outcome"] == "ran, result 42; no warning"


@event_loop.says(python=">=3.14")
def old_way_raised_runtime_error(run: Run) -> bool:
    return run.find(OLD)["outcome"].startswith("RuntimeError:")


@event_loop.says
def asyncio_run_the_same_everywhere(run: Run) -> bool:
    return run.find(r"^asyncio\.run\(\): +result (\d+)$")[1] == "42"


# ------------------------------------------------------------------ create_task


@create_task.says
def tea_started_before_coffee_was_done(run: Run) -> bool:
    steps = brewed(run)
    return steps["start tea"] < steps["done coffee"] and steps["start coffee"] < steps["done tea"]


@create_task.says(about_timing=True)
def concurrent_total_below_the_sum(run: Run) -> bool:
    steps = brewed(run)
    waits = (steps["done coffee"] - steps["start coffee"]) + (
        steps["done tea"] - steps["start tea"]
    )
    return float(run.find(TOTAL)["seconds"]) < waits


@create_task.figure
def concurrent_total(run: Run) -> str:
    return run.find(TOTAL)["seconds"]


# ------------------------------------------------------------------ gather


def listed(run: Run, label: str) -> list[int]:
    found = run.find(rf"^{label}: *\[(?P<items>[\d, ]*)\]$")["items"]
    return [int(item) for item in found.split(",")]


@gather.says(about_timing=True)
def finished_in_reverse_order(run: Run) -> bool:
    order = listed(run, "finish order")
    return order == sorted(order, reverse=True)


@gather.says
def results_in_argument_order(run: Run) -> bool:
    return listed(run, "gather result") == [n * n for n in sorted(listed(run, "finish order"))]


def squares(run: Run) -> list[dict]:
    return [task for task in tasks(run) if task["name"].startswith("slow_square(")]


@gather.says
def timeline_a_task_per_call_all_at_once(run: Run) -> bool:
    found = squares(run)
    return len(found) == len(listed(run, "finish order")) and most_at_once(
        (task["start"], task["end"]) for task in found
    ) == len(found)


@gather.says(about_timing=True)
def timeline_tasks_ended_in_finish_order(run: Run) -> bool:
    ended = [task["name"] for task in sorted(squares(run), key=lambda task: task["end"])]
    return ended == [f"slow_square({n})" for n in listed(run, "finish order")]


@gather.says
def timeline_outer_task_ended_last(run: Run) -> bool:
    [outer] = [task for task in tasks(run) if task["name"].startswith("square_all(")]
    return all(task["end"] <= outer["end"] for task in squares(run))


GATHER_FAILED = (
    r"^\s*(?P<at>[\d.]+)s gather raised ValueError\('bad response'\); "
    r"slow\.done\(\) is (?P<done>\w+)$"
)


@gather_errors.says
def gather_raised_while_the_other_ran_on(run: Run) -> bool:
    failed = run.find(GATHER_FAILED)
    finished = run.find(r"^\s*(?P<at>[\d.]+)s slow returned 'slow data' after gather had failed$")
    return failed["done"] == "False" and float(failed["at"]) < float(finished["at"])


@gather_errors.figure
def gather_failed_at(run: Run) -> str:
    return run.find(GATHER_FAILED)["at"]


@gather_errors.says
def return_exceptions_gave_every_outcome(run: Run) -> bool:
    found = run.find(r"return_exceptions=True gave (?P<outcomes>.*)$")["outcomes"]
    return found == "['slow data', ValueError('bad response')]"


# ------------------------------------------------------------------ wait, as_completed


def waited(run: Run, label: str) -> tuple[str, str]:
    found = run.find(rf"^{label} +done=\[(?P<done>[^\]]*)\]  pending=\[(?P<pending>[^\]]*)\]$")
    return found["done"], found["pending"]


@wait.says(about_timing=True)
def first_completed_returned_with_the_rest_pending(run: Run) -> bool:
    return waited(run, "FIRST_COMPLETED") == ("'quick'", "'broken', 'slow'")


@wait.says(about_timing=True)
def timeout_returned_without_raising(run: Run) -> bool:
    done, pending = waited(run, r"timeout=[\d.]+")
    return (done, pending) == ("'broken'", "'slow'") and "broken: exception() -> ValueError" in (
        run.output
    )


@wait.says
def the_caller_cancelled_what_was_left(run: Run) -> bool:
    return run.find(r"^after cancel\(\) +cancelled=(.*)$")[1] == "['slow']"


COMPLETED = r"^\s*(?P<at>[\d.]+)s (?P<name>\S+): \d+ ms, one of the tasks passed in: (?P<same>\w+)$"


@as_completed.says(about_timing=True)
def as_completed_in_finish_order(run: Run) -> bool:
    return [m["name"] for m in run.find_all(COMPLETED)] == ["small.txt", "medium.zip"]


@as_completed.says(python=">=3.13")
def as_completed_yielded_the_tasks_passed_in(run: Run) -> bool:
    found = run.find_all(COMPLETED)
    return bool(found) and all(m["same"] == "True" for m in found)


@as_completed.says(about_timing=True)
def as_completed_timed_out_leaving_a_task_running(run: Run) -> bool:
    return (
        run.find(r"TimeoutError; still running: (.*)$")[1] == "['big.iso']"
        and run.find(r"^cancelled afterwards: (.*)$")[1] == "['big.iso']"
    )


# ------------------------------------------------------------------ TaskGroup


def group_tasks(run: Run) -> tuple[dict, list[dict]]:
    [failing] = [task for task in tasks(run) if task["name"].startswith("broken(")]
    downloads = [task for task in tasks(run) if task["name"].startswith("download(")]
    return failing, downloads


@taskgroup.says
def timeline_broken_failed_and_downloads_were_cancelled_after_it(run: Run) -> bool:
    failing, downloads = group_tasks(run)
    return (
        failing["state"] == "failed"
        and len(downloads) == 3
        and all(task["state"] == "cancelled" for task in downloads)
        and all(task["end"] >= failing["end"] for task in downloads)
    )


@taskgroup.says
def every_download_cancelled(run: Run) -> bool:
    outcomes = run.find_all(r"^(page-\d) +(\w+)$", count=3)
    return all(m[2] == "cancelled" for m in outcomes)


# ------------------------------------------------------------------ timeout

QUERY = (
    r"^(?P<label>\w+) query \((?P<seconds>[\d.]+)s, limit (?P<limit>[\d.]+)s\): "
    r"'(?P<result>\w+)', inner coroutine (?P<outcome>\w+), after (?P<after>[\d.]+)s$"
)


def query(run: Run, label: str):
    return next(m for m in run.find_all(QUERY, count=2) if m["label"] == label)


@timeout.says
def fast_query_was_not_affected(run: Run) -> bool:
    fast = query(run, "fast")
    return (fast["result"], fast["outcome"]) == ("rows", "finished")


@timeout.says
def slow_query_cancelled_no_sooner_than_its_limit(run: Run) -> bool:
    slow = query(run, "slow")
    return (slow["result"], slow["outcome"]) == ("TimeoutError", "cancelled") and float(
        slow["after"]
    ) >= float(slow["limit"])


@timeout.figure
def slow_query_after(run: Run) -> str:
    return query(run, "slow")["after"]


@timeout.says
def asyncio_timeout_error_is_the_builtin(run: Run) -> bool:
    return run.find(r"^asyncio\.TimeoutError is TimeoutError: (\w+)$")[1] == "True"


@gather_cancelled.says
def the_running_children_were_cancelled_the_done_one_kept_its_result(run: Run) -> bool:
    return run.lines == [
        "quick finished",
        "cancelling the task that awaits gather(quick, slow-1, slow-2)",
        "slow-1 got CancelledError at its await",
        "slow-2 got CancelledError at its await",
        "the awaiting task ended cancelled",
        "quick : result 'quick data'",
        "slow-1: cancelled",
        "slow-2: cancelled",
    ]
