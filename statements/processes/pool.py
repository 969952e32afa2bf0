"""What processes/pool says of its runs."""

from snippet_runner.statements import Block, Run
from snippet_runner.timeline import most_at_once

schedule = Block("snippets/processes/multiprocessing_pool_schedule.py")
close_join = Block("snippets/processes/multiprocessing_pool_close_join.py")
mapping = Block("snippets/processes/multiprocessing_pool_map.py")
map_failure = Block("snippets/processes/multiprocessing_pool_map_failure.py")
worker_dies = Block("snippets/processes/multiprocessing_pool_worker_dies.py")
lost = Block("snippets/processes/multiprocessing_pool_lost_exception.py")
with_terminates = Block("snippets/processes/multiprocessing_pool_with_terminate.py")

# ------------------------------------------------------------------ the schedule

ROW = r"^\| (?P<task>\d+) \| (?P<pid>\d+) \| (?P<start>[\d.]+) \| (?P<end>[\d.]+) \|$"
SUMMARY = (
    r"^(?P<tasks>\d+) tasks of (?P<duration>[\d.]+) s on (?P<workers>\d+) workers: "
    r"(?P<total>[\d.]+) s in all\.$"
)


def rows(run: Run) -> list[dict]:
    found = [m.groupdict() for m in run.find_all(ROW)]
    return [
        {
            "task": int(r["task"]),
            "pid": r["pid"],
            "start": float(r["start"]),
            "end": float(r["end"]),
        }
        for r in found
    ]


def first_four_and_fifth(run: Run) -> tuple[list[dict], dict]:
    table = rows(run)
    if len(table) != 5:
        raise ValueError(f"{len(table)} tasks in the table, not 5")
    return table[:4], table[4]


@schedule.says
def the_first_four_ran_at_once_on_four_workers(run: Run) -> bool:
    first, _ = first_four_and_fifth(run)
    return len({r["pid"] for r in first}) == 4 and max(r["start"] for r in first) < min(
        r["end"] for r in first
    )


@schedule.says
def the_fifth_waited_for_a_free_worker(run: Run) -> bool:
    """It started once one of the first four had ended (the table's times are rounded to
    hundredths), on the pid of a worker that had run one of them."""
    first, fifth = first_four_and_fifth(run)
    return fifth["start"] >= min(r["end"] for r in first) - 0.01 and fifth["pid"] in {
        r["pid"] for r in first
    }


@schedule.figure
def fifth_start(run: Run) -> str:
    return f"{first_four_and_fifth(run)[1]['start']:.2f}"


@schedule.figure
def pool_total(run: Run) -> str:
    return run.find(SUMMARY)["total"]


@schedule.says(about_timing=True)
def two_rounds_not_one_not_five(run: Run) -> bool:
    summary = run.find(SUMMARY)
    total, duration = float(summary["total"]), float(summary["duration"])
    return 2 * duration <= total < int(summary["tasks"]) * duration


@schedule.says
def the_timeline_shows_four_workers_and_the_fifth_item_after_one(run: Run) -> bool:
    workers = [p for p in run.timeline["processes"] if p["work"]]
    items = sorted(
        (item["start"], item["end"], worker["pid"]) for worker in workers for item in worker["work"]
    )
    if len(workers) != 4 or len(items) != 5:
        return False
    fifth_start, _, fifth_worker = items[-1]
    before = [end for _, end, pid in items[:-1] if pid == fifth_worker]
    return (
        most_at_once((start, end) for start, end, _ in items[:4]) == 4
        and len(before) == 1
        and fifth_start >= before[0]
    )


# ------------------------------------------------------------------ close() and join()


def step(run: Run, label: str) -> str:
    return run.find(rf"^{label}:\s+(.+)$")[1]


@close_join.says
def join_needs_close_and_close_refuses_new_tasks(run: Run) -> bool:
    return (
        step(run, "join before close") == "ValueError: Pool is still running"
        and step(run, "submit after close") == "ValueError: Pool not running"
    )


@close_join.says
def the_queued_tasks_still_ran(run: Run) -> bool:
    return step(run, "results after join") == "[0, 2, 4, 6]"


# ------------------------------------------------------------------ the map family


def listed(run: Run, name: str) -> list[int]:
    text = run.find(rf"^{name}:\s+\[(.*)\]$")[1]
    return [int(n) for n in text.split(",")]


@mapping.says
def map_and_imap_keep_the_input_order(run: Run) -> bool:
    squares = [n * n for n in listed(run, "inputs")]
    return listed(run, "map") == listed(run, "imap") == squares


@mapping.says(about_timing=True)
def imap_unordered_gives_them_as_they_finish(run: Run) -> bool:
    """The same results, and the first input, which sleeps longest, not first."""
    unordered = listed(run, "imap_unordered")
    return sorted(unordered) == sorted(listed(run, "map")) and unordered[0] != 0


@mapping.says
def no_more_pids_than_workers(run: Run) -> bool:
    ran = run.find(r"; (?P<workers>\d+) workers ran everything, pids: \[(?P<pids>.*)\]$")
    return len(ran["pids"].split(",")) <= int(ran["workers"])


# ------------------------------------------------------------------ when a task raises


@map_failure.says
def map_raised_the_tasks_error_once_every_chunk_had_run(run: Run) -> bool:
    mapped = run.find_all(r"^map\(check, range\(6\), chunksize=(\d)\) raised (.+)$", count=2)
    ended = run.find_all(r"^    tasks that had ended: \[([\d, ]+)\]$", count=2)
    return [(m[1], m[2]) for m in mapped] == [
        ("1", "ValueError: 3 is not allowed"),
        ("3", "ValueError: 3 is not allowed"),
    ] and [m[1] for m in ended] == ["0, 1, 2, 3, 4, 5", "0, 1, 2, 3"]


@map_failure.says
def the_timeout_ended_the_wait_not_the_tasks(run: Run) -> bool:
    timed_out = run.find(
        r"\.get\(timeout=[\d.]+\) raised (?P<outcome>\w+); ready\(\) -> (?P<ready>\w+)$"
    )
    waited = run.find(r"^after wait\(\): ready\(\) -> (?P<ready>\w+), get\(\) -> (?P<got>.+)$")
    return (timed_out["outcome"], timed_out["ready"]) == ("TimeoutError", "False") and (
        waited["ready"],
        waited["got"],
    ) == ("True", "[0, 1]")


# ------------------------------------------------------------------ when a worker dies


@worker_dies.says
def the_lost_task_never_completes(run: Run) -> bool:
    waited = run.find(r"^lost\.get\(timeout=(?P<t>[\d.]+)\):\s+(?P<outcome>.+)$")
    return waited["outcome"] == f"TimeoutError after {waited['t']} s; ready() -> False"


@worker_dies.says
def a_replacement_worker_was_started(run: Run) -> bool:
    before = set(run.find(r"^workers before:\s+\[(.*)\]$")[1].split(", "))
    after = set(run.find(r"^workers after:\s+\[(.*)\]$")[1].split(", "))
    return len(before) == len(after) == 2 and len(after - before) == 1


@worker_dies.says
def the_pool_still_runs_new_tasks(run: Run) -> bool:
    return run.find(r"^a new task:\s+(.+)$")[1] == "pow(2, 10) = 1024"


# ------------------------------------------------------------------ the two traps


@lost.says
def the_forgotten_exception_left_no_trace(run: Run) -> bool:
    return (
        run.returncode == 0
        and "Traceback" not in run.output
        and run.find(r"successful\(\) -> (\w+)$")[1] == "False"
    )


@lost.says
def get_and_error_callback_see_it(run: Run) -> bool:
    return (
        run.find(r"^get\(\) raised (\w+):")[1] == "ValueError"
        and run.find(r"^error_callback received \[(\w+)\(")[1] == "ValueError"
    )


@with_terminates.says
def leaving_with_threw_the_tasks_away(run: Run) -> bool:
    return run.find(r"^trap: .*finished tasks: (.+)$")[1] == "[False, False, False, False]"


@with_terminates.figure
def trap_left_after(run: Run) -> str:
    return run.find(r"^trap: after ([\d.]+) s")[1]


@with_terminates.says
def close_and_join_finished_every_task(run: Run) -> bool:
    return run.find(r"^fix: .*results: (.+)$")[1] == "[0, 2, 4, 6]"
