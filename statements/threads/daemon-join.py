"""What threads/daemon-join says of its runs."""

from itertools import pairwise

from snippet_runner.statements import Block, Run
from snippet_runner.timeline import most_at_once, shown_threads

daemon = Block("snippets/threads/threading_daemon.py")
setdaemon = Block("snippets/threads/threading_setdaemon_deprecated.py")
join_timeout = Block("snippets/threads/threading_join_timeout.py")
join_interrupted = Block("snippets/threads/threading_join_interrupted.py")
join_refused = Block("snippets/threads/threading_join_refused.py")
pitfall = Block("snippets/threads/threading_join_pitfall.py")

RETURNED = r"main: returns after (?P<seconds>[\d.]+) s"
TICK = r"^{name}: tick (?P<tick>\d+)/(?P<ticks>\d+)$"
FINALLY = "{name}: finally block ran"


def lane(run: Run, name: str) -> dict:
    """The thread `name` of the run's only process, as its timeline draws it."""
    [process] = run.timeline["processes"]
    [thread] = [t for t in shown_threads(process) if t["name"] == name]
    return thread | {"process_end": process["end"]}


def line_number(run: Run, text: str) -> int:
    return next(number for number, line in enumerate(run.lines) if text in line)


@daemon.figure
def daemon_ticks_printed(run: Run) -> str:
    return str(len(run.find_all(TICK.format(name="daemon"))))


@daemon.says
def daemon_cut_off_with_its_process(run: Run) -> bool:
    """The daemon's lane has no end of its own: it stops where the process stops."""
    thread = lane(run, "daemon")
    return bool(thread.get("cut_off")) and thread["end"] == thread["process_end"]


@daemon.says
def daemon_never_ran_its_finally(run: Run) -> bool:
    ticks = run.find_all(TICK.format(name="daemon"))
    unfinished = int(ticks[-1]["tick"]) < int(ticks[-1]["ticks"])
    return unfinished and FINALLY.format(name="daemon") not in run.output


@daemon.says
def worker_outlived_main_and_ran_its_finally(run: Run) -> bool:
    """The process waited for the non-daemon thread: it ticked on after main returned, to its
    end and its finally block, and its lane ends on its own, before the process's."""
    thread = lane(run, "worker")
    after_main = line_number(run, "main: returns") < line_number(run, FINALLY.format(name="worker"))
    last = run.find_all(TICK.format(name="worker"))[-1]
    to_the_end = last["tick"] == last["ticks"]
    finished = not thread.get("cut_off") and thread["end"] <= thread["process_end"]
    return after_main and to_the_end and finished


@setdaemon.says
def setdaemon_warns_and_still_sets_daemon(run: Run) -> bool:
    run.find(r"DeprecationWarning: setDaemon\(\) is deprecated")  # absent: it does not hold
    return run.find(r"^daemon=True$") is not None


JOINED = (
    r"join\(timeout=(?P<timeout>[\d.]+)\) returned (?P<returned>\w+) after (?P<waited>[\d.]+) s; "
    r"is_alive\(\) = (?P<alive>\w+)"
)


@join_timeout.figure
def timeout_wait(run: Run) -> str:
    return run.find(JOINED)["waited"]


@join_timeout.says
def join_timeout_returned_none_thread_alive(run: Run) -> bool:
    joined = run.find(JOINED)
    return (joined["returned"], joined["alive"]) == ("None", "True")


@join_timeout.says
def join_timeout_waited_its_timeout(run: Run) -> bool:
    joined = run.find(JOINED)
    return float(joined["waited"]) >= float(joined["timeout"])


@join_timeout.says
def plain_join_returned_thread_ended(run: Run) -> bool:
    return run.find(r"^join\(\) returned; is_alive\(\) = (\w+)")[1] == "False"


@join_refused.says
def join_refused_both(run: Run) -> bool:
    refused = run.find_all(r": RuntimeError: ", count=2)
    return [m.string.split(":")[0] for m in refused] == [
        "join() before start()",
        "a thread joining itself",
    ]


TOOK = r"^{label}: (?P<count>\d+) threads x (?P<delay>[\d.]+) s took (?P<took>[\d.]+) s"
SERIAL, PARALLEL = "start \\+ join in the loop", "start all, then join"


def version(run: Run, label: str) -> tuple[int, float, float, list[float]]:
    """(threads, delay, total, start offsets) of one version, as printed."""
    took = run.find(TOOK.format(label=label))
    starts = run.lines[run.lines.index(took.string) + 1]
    offsets = [float(s) for s in starts.split(":", 1)[1].split(",")]
    return int(took["count"]), float(took["delay"]), float(took["took"]), offsets


def spans(run: Run, prefix: str) -> list[tuple[int, int]]:
    [process] = run.timeline["processes"]
    threads = [t for t in shown_threads(process) if t["name"].startswith(prefix)]
    return [(t["start"], t["end"]) for t in threads]


@pitfall.says
def serial_threads_never_overlap(run: Run) -> bool:
    serial = spans(run, "serial-")
    return len(serial) == version(run, SERIAL)[0] and most_at_once(serial) == 1


@pitfall.says
def parallel_threads_all_at_once(run: Run) -> bool:
    together = spans(run, "parallel-")
    return most_at_once(together) == len(together) == version(run, PARALLEL)[0]


@pitfall.figure
def serial_total(run: Run) -> str:
    return f"{version(run, SERIAL)[2]:.2f}"


@pitfall.figure
def parallel_total(run: Run) -> str:
    return f"{version(run, PARALLEL)[2]:.2f}"


@pitfall.says
def serial_starts_a_task_apart(run: Run) -> bool:
    """Each serial thread starts once the one before has slept its delay (printed to 0.01 s)."""
    count, delay, took, starts = version(run, SERIAL)
    apart = all(later - earlier >= delay - 0.01 for earlier, later in pairwise(starts))
    return apart and took >= count * delay


@pitfall.says(about_timing=True)
def parallel_starts_together_in_about_one_task(run: Run) -> bool:
    _, delay, took, starts = version(run, PARALLEL)
    return max(starts) - min(starts) < delay and delay <= took < 2 * delay


INTERRUPTED = r"^main: KeyboardInterrupt in join\(\); worker\.is_alive\(\) = (?P<alive>\w+)$"
JOINED_AGAIN = (
    r"^main: join\(\) returned; worker\.is_alive\(\) = (?P<alive>\w+), "
    r"it had cleaned up: (?P<cleaned_up>\w+)$"
)


@join_interrupted.says(python=">=3.13")
def the_interrupted_join_left_the_worker_running_until_told(run: Run) -> bool:
    joined = run.find(JOINED_AGAIN)
    alive_then = run.find(INTERRUPTED)["alive"] == "True"
    return alive_then and joined["alive"] == "False" and joined["cleaned_up"] == "True"


@join_interrupted.says(python="<3.13", about_timing=True)
def before_3_13_the_interrupted_join_lost_the_worker(run: Run) -> bool:
    """is_alive() False while the worker waited for its stop signal (never set before the
    interrupt); the second join() returned before its clean-up ended (a busy machine could
    delay the main thread past it); the timeline cuts the worker off with its process."""
    joined = run.find(JOINED_AGAIN)
    lost = run.find(INTERRUPTED)["alive"] == "False"
    early = joined["alive"] == "False" and joined["cleaned_up"] == "False"
    return lost and early and bool(lane(run, "worker").get("cut_off"))  # not waited for at exit
