"""What coroutines/cancellation says of its runs."""

import re

from snippet_runner.statements import Block, Run

cancel_finally = Block("snippets/coroutines/asyncio_cancel_finally.py")
cancel_message = Block("snippets/coroutines/asyncio_cancel_message.py")
swallowed = Block("snippets/coroutines/asyncio_cancel_swallowed.py")
uncancel = Block("snippets/coroutines/asyncio_uncancel.py")
shield = Block("snippets/coroutines/asyncio_shield.py")
nested = Block("snippets/coroutines/asyncio_timeout_nested.py")
reschedule = Block("snippets/coroutines/asyncio_timeout_reschedule.py")
timeout_at = Block("snippets/coroutines/asyncio_timeout_at.py")
wait_for = Block("snippets/coroutines/asyncio_wait_for_task.py")
group_errors = Block("snippets/coroutines/asyncio_taskgroup_errors.py")
outer_cancel = Block("snippets/coroutines/asyncio_taskgroup_outer_cancel.py")
group_stop = Block("snippets/coroutines/asyncio_taskgroup_stop.py")
sentinel = Block("snippets/coroutines/asyncio_queue_sentinel.py")
queue_shutdown = Block("snippets/coroutines/asyncio_queue_shutdown.py")
sigint = Block("snippets/coroutines/asyncio_run_sigint.py")
sigterm = Block("snippets/coroutines/asyncio_add_signal_handler.py")


def in_order(run: Run, *lines: str) -> bool:
    """The output has each of `lines`, in this order (other lines may come between)."""
    found = [run.lines.index(line) if line in run.lines else -1 for line in lines]
    return -1 not in found and found == sorted(found)


# ------------------------------------------------------------------ cancel()


@cancel_finally.says
def the_cancellation_steps_in_order(run: Run) -> bool:
    return run.lines == [
        "download: started, awaiting the network",
        "main: cancel() returned True; task.done() is False",
        "download: CancelledError raised at its await",
        "download: finally: temporary file removed",
        "main: awaiting the task raised CancelledError",
        "task.cancelled(): True",
    ]


@cancel_message.says
def the_reason_reached_the_task_and_its_awaiter(run: Run) -> bool:
    inside = run.find(r"^upload: (CancelledError\(.+\)) at its await$")[1]
    outside = run.find(r"^main: awaiting the task raised (CancelledError\(.+\))$")[1]
    return inside == outside != "CancelledError()"


@cancel_message.figure
def cancelled_with(run: Run) -> str:
    return run.find(r"^upload: (CancelledError\(.+\)) at its await$")[1]


SWALLOW = (
    r"^(?P<who>polite|stubborn) +cancelling\(\)=(?P<cancelling>\d+) inside, "
    r"result (?P<result>.+), after the block: (?P<after>.+)$"
)


def worker(run: Run, who: str):
    return next(m for m in run.find_all(SWALLOW, count=2) if m["who"] == who)


@swallowed.says
def polite_got_timeout_error_stubborn_nothing(run: Run) -> bool:
    return (
        worker(run, "polite")["after"] == "TimeoutError"
        and worker(run, "stubborn")["after"] == "went on as if in time"
        and worker(run, "stubborn")["result"] == "'pretended to finish'"
    )


@swallowed.figure
def cancelling_inside(run: Run) -> str:
    return worker(run, "polite")["cancelling"]


@swallowed.says
def one_request_pending_inside_both(run: Run) -> bool:
    return worker(run, "polite")["cancelling"] == worker(run, "stubborn")["cancelling"] == "1"


UNCANCELLED = (
    r"^cancel\(\) x(?P<times>\d): cancelling\(\) (?P<before>\d), uncancel\(\) returned "
    r"(?P<returned>\d), then cancelling\(\) (?P<after>\d); task finished$"
)


@uncancel.says
def uncancel_took_back_one_request_of_each_count(run: Run) -> bool:
    counts = [
        tuple(int(m[k]) for k in ("times", "before", "returned", "after"))
        for m in run.find_all(UNCANCELLED, count=2)
    ]
    return counts == [(1, 1, 0, 0), (2, 2, 1, 1)]


@shield.says
def the_shielded_save_finished_after_the_timeout(run: Run) -> bool:
    return run.lines == [
        "request: TimeoutError, saving.done() is False",
        "save: written to disk",
        "request: the shielded task returned 'saved'",
    ]


# ------------------------------------------------------------------ timeouts


@nested.says
def only_the_block_that_fired_raised(run: Run) -> bool:
    text = "\n".join(line.strip() for line in run.lines)
    return text == "\n".join(
        [
            "outer 0.3s, inner 0.1s:",
            "inner block raised TimeoutError: the attempt took too long",
            "outer block raised TimeoutError: the whole request took too long",
            "outer 0.1s, inner 0.3s:",
            "inner block saw CancelledError: not its own deadline",
            "outer block raised TimeoutError: the whole request took too long",
        ]
    )


TRANSFER = (
    r"^(?P<label>steady sender|sender stalls): (?P<got>\d+) of (?P<chunks>\d+) chunks "
    r"(?P<gap>[\d.]+)s apart under an idle limit of (?P<idle>[\d.]+)s, (?P<outcome>.+)$"
)


@reschedule.says
def the_steady_transfer_completed_the_stalled_one_timed_out(run: Run) -> bool:
    steady, stalled = run.find_all(TRANSFER, count=2)
    longer = all(int(m["chunks"]) * float(m["gap"]) > float(m["idle"]) for m in (steady, stalled))
    every_chunk = all(m["got"] == m["chunks"] for m in (steady, stalled))
    return (
        longer
        and every_chunk
        and steady["outcome"] == "complete"
        and stalled["outcome"].startswith("TimeoutError")
    )


STEP = r"^\s*(?P<at>[\d.]+)s (?P<name>\w+): (?P<outcome>done|TimeoutError)"


@timeout_at.says
def the_steps_shared_one_deadline(run: Run) -> bool:
    steps = run.find_all(STEP)
    left = [float(m) for m in re.findall(r"with ([\d.]+)s left", run.output)]
    budget = float(run.find(r"the request's ([\d.]+)s were used up")[1])
    return (
        [m["outcome"] for m in steps] == ["done", "done", "TimeoutError"]
        and left == sorted(left, reverse=True)
        and float(steps[-1]["at"]) >= budget
    )


@wait_for.says(python=">=3.12")
def wait_for_ran_in_the_callers_task(run: Run) -> bool:
    return run.find(r"wait_for ran the coroutine in (.+)$")[1] == "the caller's own task"


@wait_for.says(python="<3.12")
def wait_for_ran_in_a_new_task(run: Run) -> bool:
    return run.find(r"wait_for ran the coroutine in (.+)$")[1] == "a new task of its own"


# ------------------------------------------------------------------ TaskGroup


@group_errors.says
def both_errors_reached_their_except_star(run: Run) -> bool:
    return sorted(run.lines) == sorted(
        [
            "bystander: cancelled by the group",
            "except* ValueError got (ValueError('bad page'),)",
            "except* KeyError got (KeyError('no such user'),)",
        ]
    )


@outer_cancel.says
def every_finally_ran_before_the_timeout_arrived(run: Run) -> bool:
    return sorted(run.lines[:2]) == ["worker-1: finally ran", "worker-2: finally ran"] and (
        run.lines[2:] == ["outside: TimeoutError, all tasks ended first"]
    )


@group_stop.says(python=">=3.15")
def group_cancel_was_used(run: Run) -> bool:
    return "has TaskGroup.cancel(): the first to find it calls group.cancel()" in run.lines[0]


@group_stop.says(python="<3.15")
def the_recipe_was_used(run: Run) -> bool:
    return (
        "has no TaskGroup.cancel() (added in 3.15)" in run.lines[0]
        and "StopGroup" in (run.lines[0])
    )


@group_stop.says
def the_fastest_mirror_found_it_the_others_cancelled(run: Run) -> bool:
    return run.lines[1:] == ["mirror-b found it", "mirror-a cancelled", "mirror-c cancelled"]


# ------------------------------------------------------------------ stopping workers


@sentinel.says
def each_worker_took_one_sentinel_after_the_jobs(run: Run) -> bool:
    jobs = sorted(int(m[1]) for m in run.find_all(r"^worker-\d did job (\d+)$"))
    returned = run.find_all(r"^(worker-\d) got the sentinel and returned$", count=2)
    return jobs == list(range(len(jobs))) and len({m[1] for m in returned}) == 2


SHUTDOWN = r"^shutdown\(immediate=(?P<immediate>\w+)\): (?P<done>\d+) of (?P<jobs>\d+) jobs done$"


@queue_shutdown.says
def graceful_did_every_job_immediate_only_those_in_hand(run: Run) -> bool:
    graceful, immediate = run.find_all(SHUTDOWN, count=2)
    workers = len(set(re.findall(r"(worker-\d+): get\(\) raised QueueShutDown", run.output)))
    return (
        graceful["done"] == graceful["jobs"]
        and int(immediate["done"]) == workers
        and run.output.count("get() raised QueueShutDown, returned") == 2 * workers
    )


@queue_shutdown.says
def put_after_shutdown_raised_both_times(run: Run) -> bool:
    return run.output.count("main: put() after shutdown() raised QueueShutDown") == 2


@queue_shutdown.figure
def dropped_jobs(run: Run) -> str:
    _, immediate = run.find_all(SHUTDOWN, count=2)
    return str(int(immediate["jobs"]) - int(immediate["done"]))


# ------------------------------------------------------------------ signals


@sigint.says
def ctrl_c_cancelled_the_main_task_then_raised(run: Run) -> bool:
    return run.lines == [
        "serve: CancelledError at its await",
        "serve: finally: connections closed",
        "asyncio.run raised KeyboardInterrupt after the cleanup",
    ]


@sigterm.says
def sigterm_set_the_event_and_the_workers_returned(run: Run) -> bool:
    return (
        run.lines[0] == "handler: SIGTERM received, asking the workers to stop"
        and sorted(run.lines[1:3])
        == [
            f"{name}: saw the stop event, finished its round and returned"
            for name in ("worker-1", "worker-2")
        ]
        and run.lines[3:] == ["serve: every worker returned, exiting with code 0"]
        and run.returncode == 0
    )
