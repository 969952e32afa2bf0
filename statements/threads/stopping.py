"""What threads/stopping says of its runs."""

from snippet_runner.statements import Block, Run
from snippet_runner.timeline import most_at_once, shown_threads

async_raise = Block("snippets/threads/threading_async_raise.py")
systemexit = Block("snippets/threads/threading_async_raise_systemexit.py")
lock_held = Block("snippets/threads/threading_async_raise_lock.py")
stop_event = Block("snippets/threads/threading_stop_event.py")
queue_shutdown = Block("snippets/threads/queue_shutdown.py")
signal_main = Block("snippets/threads/signal_main_thread.py")
pool_sigint = Block("snippets/threads/multiprocessing_pool_sigint.py")

SLEEPER = r"^thread in time\.sleep\((?P<sleep>[\d.]+)\), exception sent after (?P<after>[\d.]+) s:$"
ENDED = (
    r"^  ended (?P<how>\w+) (?P<late>[\d.]+) s after the request, (?P<slept>[\d.]+) s after its "
    r"sleep began$"
)


@async_raise.figure
def killed_late_by(run: Run) -> str:
    return run.find(ENDED)["late"]


@async_raise.says
def the_sleeper_died_only_after_its_sleep(run: Run) -> bool:
    ended = run.find(ENDED)
    sleep = float(run.find(SLEEPER)["sleep"])
    return ended["how"] == "killed" and float(ended["slept"]) >= sleep


@async_raise.says(about_timing=True)
def about_the_rest_of_the_sleep_late(run: Run) -> bool:
    """Not cut short, and not much later than the end of the sleep either."""
    ended = run.find(ENDED)
    return float(ended["slept"]) < float(run.find(SLEEPER)["sleep"]) + 0.1


@async_raise.says
def the_reader_lived_until_get_returned(run: Run) -> bool:
    alive = run.find(r"^  still alive [\d.]+ s later: (\w+)$")[1]
    return alive == "True" and run.find(r"^  after a put\(\) it ended (\w+)$")[1] == "killed"


HOOK = r"^(?P<type>\w+)\s+-> (?P<lines>\d+) lines on stderr: (?P<summary>.*)$"


def printed(run: Run) -> dict[str, tuple[int, str]]:
    return {m["type"]: (int(m["lines"]), m["summary"]) for m in run.find_all(HOOK, count=3)}


@systemexit.says
def systemexit_printed_nothing(run: Run) -> bool:
    return printed(run)["SystemExit"] == (0, "(nothing)")


@systemexit.says
def the_others_printed_a_traceback(run: Run) -> bool:
    return all(
        lines > 1 and summary.startswith("Exception in thread victim:") and summary.endswith(kind)
        for kind, (lines, summary) in printed(run).items()
        if kind != "SystemExit"
    )


@lock_held.says
def the_dead_thread_left_the_lock_held(run: Run) -> bool:
    alive = run.find(r"^thread alive: (\w+)$")[1]
    return alive == "False" and run.find(r"lock\.acquire\(timeout=[\d.]+\) -> (\w+)$")[1] == "False"


STOPPED = r"^  {loop}\s+stopped\s+(?P<ms>[\d.]+) ms after the request$"
CHECKED = r"^checked every (?P<interval>[\d.]+) s, stop requested after (?P<run_for>[\d.]+) s:$"


def stopped_ms(run: Run, loop: str) -> float:
    return float(run.find(STOPPED.format(loop=loop))["ms"])


def flag_ms(run: Run) -> float:
    return stopped_ms(run, r"while not stop_flag: sleep\(\)")


def event_ms(run: Run) -> float:
    return stopped_ms(run, r"while not stop\.wait\(\)")


@stop_event.says
def the_workers_came_one_after_the_other_each_past_the_request(run: Run) -> bool:
    run_for = float(run.find(CHECKED)["run_for"]) * 1_000_000  # µs, as the timeline counts
    [process] = run.timeline["processes"]
    workers = shown_threads(process)
    lanes = [(t["start"], t["end"]) for t in workers]
    return (
        len(lanes) == 2
        and most_at_once(lanes) == 1
        and all(end - start >= run_for for start, end in lanes)
    )


@stop_event.figure
def flag_delay_ms(run: Run) -> str:
    return f"{flag_ms(run):.0f}"


@stop_event.figure
def event_delay_ms(run: Run) -> str:
    return f"{event_ms(run):.1f}"


@stop_event.says(about_timing=True)
def the_flag_waited_out_its_sleep_the_event_did_not(run: Run) -> bool:
    """The flag is seen when the sleep under way ends: what was left of it, which the request's
    moment gives (within 0.1 s); the Event returns at once (within a twentieth of that)."""
    checked = run.find(CHECKED)
    interval, run_for = float(checked["interval"]), float(checked["run_for"])
    left = interval - run_for % interval
    flag = flag_ms(run) / 1000
    return abs(flag - left) < 0.1 and event_ms(run) / 1000 < left / 20


SHUTDOWN = r"^shutdown\(immediate=(?P<immediate>\w+)\): (?P<done>\d+) of (?P<jobs>\d+) jobs done$"


def shutdown(run: Run, immediate: str) -> list[str]:
    """The lines under `shutdown(immediate=…)`, that heading's done and jobs first."""
    lines = run.lines
    [found] = [m for m in run.find_all(SHUTDOWN, count=2) if m["immediate"] == immediate]
    start = lines.index(found.string) + 1
    rest = lines[start:]
    end = next((i for i, line in enumerate(rest) if not line.startswith("  ")), len(rest))
    return [found["done"], found["jobs"], *rest[:end]]


def workers_returned(lines: list[str]) -> bool:
    """Every worker that did a job got ShutDown from get() once done, and returned."""
    workers = {line.split()[0] for line in lines if " did job " in line}

    def last(worker: str, text: str) -> int:
        return max(
            (i for i, line in enumerate(lines) if line.startswith(f"  {worker}") and text in line),
            default=-1,
        )

    return len(workers) >= 2 and all(
        last(worker, "get() raised ShutDown, returned") > last(worker, " did job ")
        for worker in workers
    )


@queue_shutdown.says
def graceful_shutdown_did_every_job_then_the_workers_returned(run: Run) -> bool:
    done, jobs, *lines = shutdown(run, "False")
    return done == jobs and workers_returned(lines)


@queue_shutdown.says
def immediate_shutdown_did_only_the_jobs_in_hand(run: Run) -> bool:
    done, jobs, *lines = shutdown(run, "True")
    workers = {line.split()[0] for line in lines if " did job " in line}
    return int(done) == len(workers) < int(jobs) and workers_returned(lines)


@queue_shutdown.says
def put_after_shutdown_raised_both_times(run: Run) -> bool:
    put = "  main: put() after shutdown() raised ShutDown"
    return all(put in shutdown(run, which)[2:] for which in ("False", "True"))


@signal_main.says
def the_workers_signal_call_raised_valueerror(run: Run) -> bool:
    return run.find(r"^worker-1: signal\.signal\(\) raised ValueError: ") is not None


@signal_main.says
def the_handler_and_keyboardinterrupt_came_to_the_main_thread(run: Run) -> bool:
    run.find(r"^handler for SIGINT ran in MainThread$")
    return run.find(r"^MainThread: KeyboardInterrupt raised while it waited") is not None


@signal_main.says
def the_worker_was_not_interrupted(run: Run) -> bool:
    return run.lines[-1] == "worker-1: not interrupted, carried on and returned"


def parent_interrupted_and_every_worker(run: Run, label: str, outcome: str) -> bool:
    """Under `label`: the parent got KeyboardInterrupt, and two or more workers all `outcome`."""
    lines = run.lines
    parent = run.find(rf"^{label}: parent got (.+)$")
    workers = []
    for line in lines[lines.index(parent.string) + 1 :]:
        if not line.startswith("  a worker: "):
            break
        workers.append(line.removeprefix("  a worker: "))
    return parent[1] == "KeyboardInterrupt" and len(workers) >= 2 and set(workers) == {outcome}


@pool_sigint.says
def by_default_the_parent_and_every_worker_were_interrupted(run: Run) -> bool:
    return parent_interrupted_and_every_worker(
        run, "default handlers", "KeyboardInterrupt in its task"
    )


@pool_sigint.says
def workers_that_ignore_sigint_finished_their_tasks(run: Run) -> bool:
    return parent_interrupted_and_every_worker(run, "workers ignore SIGINT", "finished its task")
