"""What coroutines/patterns says of its runs."""

from snippet_runner.statements import Block, Run
from snippet_runner.timeline import shown_tasks, shown_threads

queue_workers = Block("snippets/coroutines/asyncio_queue_workers.py")
semaphore = Block("snippets/coroutines/asyncio_semaphore.py")
to_thread = Block("snippets/coroutines/asyncio_to_thread.py")
to_thread_timeout = Block("snippets/coroutines/asyncio_to_thread_timeout.py")
cpu_bound = Block("snippets/coroutines/asyncio_cpu_bound.py")
pool_errors = Block("snippets/coroutines/asyncio_process_pool_errors.py")
race = Block("snippets/coroutines/asyncio_race_lock.py")
contextvars = Block("snippets/coroutines/contextvars_per_task.py")

# ------------------------------------------------------------------ Queue

JOB = (
    r"^job (?P<job>\d+) (?:handled by (?P<worker>worker-\d+)|failed in (?P<failed>worker-\d+): .*)$"
)
TOOK = (
    r"^(?P<jobs>\d+) jobs of (?P<seconds>[\d.]+)s with (?P<workers>\d+) workers "
    r"took (?P<took>[\d.]+)s$"
)


@queue_workers.says
def every_job_once_the_failure_included(run: Run) -> bool:
    summary = run.find(TOOK)
    jobs = run.find_all(JOB, count=int(summary["jobs"]))
    failed = [m for m in jobs if m["failed"]]
    return (
        sorted(int(m["job"]) for m in jobs) == list(range(int(summary["jobs"])))
        and len(failed) == 1
    )


@queue_workers.says
def the_worker_of_the_failed_job_went_on(run: Run) -> bool:
    jobs = run.find_all(JOB)
    [failed] = [m for m in jobs if m["failed"]]
    return any(m["worker"] == failed["failed"] and int(m["job"]) > int(failed["job"]) for m in jobs)


@queue_workers.says(about_timing=True)
def the_workers_shared_the_jobs(run: Run) -> bool:
    summary = run.find(TOOK)
    return float(summary["took"]) < int(summary["jobs"]) * float(summary["seconds"])


@queue_workers.figure
def queue_took(run: Run) -> str:
    return run.find(TOOK)["took"]


@queue_workers.says
def timeline_workers_cancelled_before_the_end(run: Run) -> bool:
    tasks = [t for p in run.timeline["processes"] for t in shown_tasks(p)]
    [outer] = [t for t in tasks if t["name"].startswith("run_workers(")]
    workers = [t for t in tasks if t["name"].startswith("worker(")]
    return bool(workers) and all(
        t["state"] == "cancelled" and t["end"] <= outer["end"] for t in workers
    )


# ------------------------------------------------------------------ Semaphore

INSIDE = r"^fetch +\d+ running, (?P<inside>\d+) inside$"
LIMIT = r"^(?P<requests>\d+) requests, limit (?P<limit>\d+): at most (?P<most>\d+) ran at once$"


@semaphore.says
def never_more_than_the_limit_inside(run: Run) -> bool:
    limit = int(run.find(LIMIT)["limit"])
    inside = [int(m["inside"]) for m in run.find_all(INSIDE)]
    return max(inside) == limit == int(run.find(LIMIT)["most"])


@semaphore.says
def a_failure_inside_freed_the_semaphore(run: Run) -> bool:
    found = run.find(r"^failed: (?P<failed>.+); the semaphore is free again: (?P<free>\w+)$")
    inside = run.find_all(INSIDE)
    requests = int(run.find(LIMIT)["requests"])
    return found["failed"] != "none" and found["free"] == "True" and len(inside) == requests


# ------------------------------------------------------------------ to_thread

SENSOR = (
    r"^(?P<how>read_sensor_\w+) +heartbeat ticks during the (?P<seconds>[\d.]+)s call: +"
    r"(?P<ticks>\d+), longest silence (?P<silence>[\d.]+)s$"
)


def sensor(run: Run, how: str):
    return next(m for m in run.find_all(SENSOR, count=2) if m["how"] == how)


@to_thread.says
def the_blocking_call_stopped_the_heartbeat(run: Run) -> bool:
    blocking = sensor(run, "read_sensor_blocking")
    return blocking["ticks"] == "0" and float(blocking["silence"]) >= float(blocking["seconds"])


@to_thread.says(about_timing=True)
def the_heartbeat_went_on_during_to_thread(run: Run) -> bool:
    return int(sensor(run, "read_sensor_in_thread")["ticks"]) >= 2


@to_thread.figure
def blocking_silence(run: Run) -> str:
    return sensor(run, "read_sensor_blocking")["silence"]


@to_thread.figure
def thread_ticks(run: Run) -> str:
    return sensor(run, "read_sensor_in_thread")["ticks"]


def to_thread_lanes(run: Run) -> tuple[list[dict], list[dict], list[dict]]:
    processes = run.timeline["processes"]
    beats = [t for p in processes for t in shown_tasks(p) if t["name"].startswith("heartbeat(")]
    workers = [t for p in processes for t in shown_threads(p)]
    items = [w for p in processes for w in p["work"]]
    return beats, workers, items


@to_thread.says
def timeline_no_thread_during_the_blocking_call(run: Run) -> bool:
    beats, workers, _ = to_thread_lanes(run)
    return len(beats) == 2 and all(thread["start"] >= beats[0]["end"] for thread in workers)


@to_thread.says
def timeline_the_sleep_ran_on_asyncio_0_within_the_second_heartbeat(run: Run) -> bool:
    beats, workers, items = to_thread_lanes(run)
    [worker] = workers
    [item] = [w for w in items if w["tid"] == worker["tid"]]
    second = beats[1]
    return worker["name"] == "asyncio_0" and (
        second["start"] <= item["start"] <= item["end"] <= second["end"]
    )


# ------------------------------------------------------------------ cancelling to_thread

AT = r"^\s*(?P<at>[\d.]+)s "


def when(run: Run, what: str) -> float:
    return float(run.find(AT + what)["at"])


@to_thread_timeout.says
def both_awaits_gave_up_before_their_calls_ended(run: Run) -> bool:
    gave_up = [
        when(run, r"to_thread: TimeoutError, the await gave up$"),
        when(run, r"run_in_executor: cancelled, the await gave up$"),
    ]
    ended = [
        when(run, r"to_thread: the call ended in its thread$"),
        when(run, r"run_in_executor: the call ended in its thread$"),
    ]
    return (
        run.find(AT + r"calls ended so far: (\d+)$")[2] == "0"
        and gave_up[0] < ended[0]
        and gave_up[1] < ended[1]
    )


@to_thread_timeout.says
def asyncio_run_waited_for_the_to_thread_call(run: Run) -> bool:
    lines = run.lines
    ended = next(i for i, line in enumerate(lines) if "to_thread: the call ended" in line)
    returned = next(i for i, line in enumerate(lines) if "asyncio.run() returned" in line)
    return ended < returned


@to_thread_timeout.says
def shutdown_waited_for_the_pool_call(run: Run) -> bool:
    return when(run, r"run_in_executor: the call ended in its thread$") <= when(
        run, r"pool\.shutdown\(\) returned$"
    )


@to_thread_timeout.figure
def to_thread_gave_up_at(run: Run) -> str:
    return run.find(AT + r"to_thread: TimeoutError")["at"]


@to_thread_timeout.figure
def to_thread_call_ended_at(run: Run) -> str:
    return run.find(AT + r"to_thread: the call ended in its thread$")["at"]


# ------------------------------------------------------------------ CPU-bound

CPU = (
    r"^(?P<how>in the loop|to_thread|process pool) +ran in pid (?P<pid>\d+), "
    r"heartbeat ticks during [\d.]+s CPU: (?P<ticks>\d+)$"
)


def cpu(run: Run, how: str):
    return next(m for m in run.find_all(CPU, count=3) if m["how"] == how)


@cpu_bound.says
def computing_in_the_loop_stopped_the_heartbeat(run: Run) -> bool:
    loop_pid = run.find(r"^event loop in pid (\d+)")[1]
    here = cpu(run, "in the loop")
    return here["ticks"] == "0" and here["pid"] == loop_pid


@cpu_bound.says(about_timing=True)
def to_thread_let_the_heartbeat_tick_in_the_same_process(run: Run) -> bool:
    loop_pid = run.find(r"^event loop in pid (\d+)")[1]
    threaded = cpu(run, "to_thread")
    return int(threaded["ticks"]) >= 1 and threaded["pid"] == loop_pid


@cpu_bound.says(about_timing=True)
def the_process_pool_computed_in_another_process(run: Run) -> bool:
    loop_pid = run.find(r"^event loop in pid (\d+)")[1]
    pooled = cpu(run, "process pool")
    return int(pooled["ticks"]) >= 1 and pooled["pid"] != loop_pid


# ------------------------------------------------------------------ race and Lock

BOX = (
    r"^(?P<label>without a lock|with asyncio\.Lock) *: (?P<seats>\d+) seats, "
    r"sold \[(?P<sold>[^\]]*)\], seats left (?P<left>-?\d+)$"
)


def box(run: Run, label: str):
    return next(m for m in run.find_all(BOX, count=2) if m["label"] == label)


@race.says
def more_sold_than_seats_without_a_lock(run: Run) -> bool:
    unlocked = box(run, "without a lock")
    return len(unlocked["sold"].split(",")) > int(unlocked["seats"]) and int(unlocked["left"]) < 0


@race.says
def exactly_the_seats_sold_with_the_lock(run: Run) -> bool:
    locked = box(run, "with asyncio.Lock")
    return len(locked["sold"].split(",")) == int(locked["seats"]) and locked["left"] == "0"


# ------------------------------------------------------------------ contextvars

ROW = r"^(?P<task>req-\d+) +(?P<context>\S+) +(?P<local>\S+)$"


@contextvars.says
def each_task_read_its_own_context_value(run: Run) -> bool:
    rows = run.find_all(ROW)
    return len(rows) >= 2 and all(m["context"] == m["task"] for m in rows)


@contextvars.says
def threading_local_held_the_last_value_for_all(run: Run) -> bool:
    rows = run.find_all(ROW)
    return len({m["local"] for m in rows}) == 1 and rows[-1]["local"] in {m["task"] for m in rows}


@contextvars.says
def outside_the_tasks_the_default(run: Run) -> bool:
    return run.find(r"^outside any task, request_id = (\S+)$")[1] == "-"


NEXT_CALL = (
    r"^the next call found the same worker: (?P<same>\w+); "
    r"it had used (?P<cpu>[\d.]+) s more CPU time$"
)


@pool_errors.figure
def worker_cpu_after_timeout(run: Run) -> str:
    return run.find(NEXT_CALL)["cpu"]


@pool_errors.says
def the_error_came_back_and_the_worker_crunched_on_after_the_timeout(run: Run) -> bool:
    crunched = run.find(r"^crunch\((?P<seconds>[\d.]+)\) under asyncio\.timeout\([\d.]+\): (\w+)$")
    next_call = run.find(NEXT_CALL)
    return (
        run.lines[0] == "crunch(-1.0) raised at the await: ValueError('cannot crunch for -1.0 s')"
        and crunched[2] == "TimeoutError"
        and next_call["same"] == "True"
        and float(next_call["cpu"]) >= float(crunched["seconds"])
    )
