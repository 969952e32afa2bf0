"""What threads/semaphore-event says of its runs."""

import math

from snippet_runner import oncpu
from snippet_runner.statements import Block, Run
from snippet_runner.timeline import most_at_once

semaphore = Block("snippets/threads/threading_semaphore.py")
semaphore_timeout = Block("snippets/threads/threading_semaphore_timeout.py")
bounded = Block("snippets/threads/threading_bounded_semaphore.py")
event = Block("snippets/threads/threading_event.py")
event_wait = Block("snippets/threads/threading_event_wait.py")

LIMIT = (
    r"^(?P<workers>\d+) threads of (?P<duration>[\d.]+) s, Semaphore\((?P<limit>\d+)\): "
    r"at most (?P<most>\d+) inside"
)
INSIDE = r"^\s*[\d.]+ s  download-\d+ (?P<way>in|out)\s+\((?P<inside>\d+) inside\)$"
DONE = r"^all done after (?P<s>[\d.]+) s$"


@semaphore.says
def never_more_holders_than_the_limit(run: Run) -> bool:
    """Of the holds the timeline draws, never more than `limit` at once, and each one after the
    first `limit` begins only once an earlier holder has released the semaphore."""
    found = run.find(LIMIT)
    limit = int(found["limit"])
    holds = sorted(
        (hold for process in run.timeline["processes"] for hold in process["holds"]),
        key=lambda hold: hold["start"],
    )
    queued = all(
        any(earlier["end"] <= hold["start"] for earlier in holds[:number])
        for number, hold in enumerate(holds[limit:], start=limit)
    )
    most = most_at_once((hold["start"], hold["end"]) for hold in holds)
    return len(holds) == int(found["workers"]) and most == limit and queued


@semaphore.says(about_timing=True)
def the_gauge_never_passed_the_limit(run: Run) -> bool:
    """Never more than `limit` inside, and the first `limit` entered before anyone left (a busy
    machine could start the last of them late)."""
    found = run.find(LIMIT)
    limit = int(found["limit"])
    moves = run.find_all(INSIDE)
    most = max(int(m["inside"]) for m in moves)
    first_in = [m["way"] for m in moves[:limit]] == ["in"] * limit
    return most == int(found["most"]) == limit and first_in


@semaphore.figure
def semaphore_done_after(run: Run) -> str:
    return run.find(DONE)["s"]


@semaphore.says(about_timing=True)
def finished_in_rounds_in_about_that_many_tasks(run: Run) -> bool:
    """ceil(workers / limit) rounds: never faster, and less than one more on a quiet machine."""
    found = run.find(LIMIT)
    rounds = math.ceil(int(found["workers"]) / int(found["limit"]))
    task, done = float(found["duration"]), float(run.find(DONE)["s"])
    return rounds * task <= done < (rounds + 1) * task


ASKED = (
    r"^acquire\((?P<how>blocking=False|timeout=(?P<timeout>[\d.]+))\)\s+-> (?P<got>True|False)\s+"
    r"after (?P<waited>[\d.]+) s: (?P<outcome>.+)$"
)
LET_GO = r"^\(the holders let go in (?P<s>[\d.]+) s\)$"
FREE = r"^free slots at the end: (?P<free>\d+) of (?P<limit>\d+)$"


def asked(run: Run) -> list[dict]:
    """The three calls, in the order the program made them."""
    return [m.groupdict() for m in run.find_all(ASKED, count=3)]


@semaphore_timeout.says(about_timing=True)
def the_refused_calls_returned_false_without_entering(run: Run) -> bool:
    """Both refused calls returned False and stayed out; the non-blocking one at once."""
    now, timed, _ = asked(run)
    refused = all(
        call["got"] == "False" and call["outcome"].startswith("stayed out") for call in (now, timed)
    )
    return refused and now["how"] == "blocking=False" and float(now["waited"]) < 0.05


@semaphore_timeout.says
def the_timed_call_waited_its_whole_timeout(run: Run) -> bool:
    _, timed, _ = asked(run)
    return timed["got"] == "False" and float(timed["waited"]) >= float(timed["timeout"])


@semaphore_timeout.says(about_timing=True)
def the_long_wait_entered_when_a_slot_freed_up(run: Run) -> bool:
    """Never before the holders let go (they wait to be told); soon after, on a quiet machine."""
    *_, long = asked(run)
    let_go, waited = float(run.find(LET_GO)["s"]), float(long["waited"])
    in_time = let_go <= waited < min(1.5 * let_go, float(long["timeout"]) / 2)
    return long["got"] == "True" and long["outcome"] == "inside" and in_time


@semaphore_timeout.says
def every_slot_free_at_the_end(run: Run) -> bool:
    found = run.find(FREE)
    return found["free"] == found["limit"] == "2"


EXTRA = (
    r"^(?P<kind>\w+)\((?P<limit>\d+)\): extra release -> (?P<outcome>.+); "
    r"free slots now (?P<n>\d+)$"
)


def extra_release(run: Run, kind: str) -> tuple[str, int, int]:
    [found] = [m for m in run.find_all(EXTRA, count=2) if m["kind"] == kind]
    return found["outcome"], int(found["limit"]), int(found["n"])


@bounded.says
def the_semaphore_took_the_extra_release_silently(run: Run) -> bool:
    outcome, limit, slots = extra_release(run, "Semaphore")
    return outcome == "accepted silently" and slots == limit + 1


@bounded.says
def the_bounded_semaphore_raised_and_kept_its_slots(run: Run) -> bool:
    outcome, limit, slots = extra_release(run, "BoundedSemaphore")
    return outcome.startswith("ValueError") and slots == limit


AT = r"^\s*(?P<at>[\d.]+) s  "


def moments(run: Run, what: str) -> list[float]:
    return [float(m["at"]) for m in run.find_all(AT + what)]


@event.says
def no_worker_started_before_the_start_signal(run: Run) -> bool:
    [start_set] = moments(run, "main sets start$")
    starts = moments(run, r"w\d+ starts$")
    return len(starts) >= 2 and all(at >= start_set for at in starts)


@event.says(about_timing=True)
def every_worker_stopped_well_within_an_interval(run: Run) -> bool:
    """The workers wait in stop.wait(0.2): each left it at the stop signal, not at its next tick
    (printed to 0.01 s: within a tenth of an interval)."""
    [stop_set] = moments(run, "main sets stop$")
    stops = moments(run, r"w\d+ stops after")
    return len(stops) >= 2 and all(0 <= at - stop_set <= 0.02 for at in stops)


WAITED = (
    r"^{label}\s+wait\((?P<timeout>[\d.]+)\) -> (?P<returned>\w+)\s+after (?P<waited>[\d.]+) s$"
)


def waited(run: Run, label: str) -> tuple[str, float, float]:
    found = run.find(WAITED.format(label=label))
    return found["returned"], float(found["waited"]), float(found["timeout"])


@event_wait.says
def unset_it_waited_the_whole_timeout(run: Run) -> bool:
    returned, seconds, timeout = waited(run, "before set")
    return returned == "False" and seconds >= timeout


@event_wait.says
def set_while_waiting_it_returned_true_early(run: Run) -> bool:
    returned, seconds, timeout = waited(run, "set while waiting")
    return returned == "True" and seconds < timeout


@event_wait.says(about_timing=True)
def already_set_it_returned_true_at_once(run: Run) -> bool:
    returned, seconds, timeout = waited(run, "already set")
    return returned == "True" and seconds < timeout / 10


@event_wait.says
def after_clear_it_waited_the_whole_timeout_again(run: Run) -> bool:
    returned, seconds, timeout = waited(run, "after clear")
    return returned == "False" and seconds >= timeout


TASKS = r"^(?P<count>\d+) threads of (?P<s>[\d.]+) s, Semaphore\((?P<limit>\d+)\)"


@semaphore.says
def those_past_the_limit_waited_on_the_semaphore_then_slept(run: Run) -> bool:
    """Every thread the semaphore did not let in at once waited for it (a lock wait, as the
    kernel saw it), then did its work asleep: as many as the threads past its limit."""
    timeline = run.sampled
    tasks = run.find(TASKS)
    seconds, past = float(tasks["s"]), int(tasks["count"]) - int(tasks["limit"])
    lanes = oncpu.lanes_of(timeline, ["download-"])
    # The sampler sees a thread from its first look on: the wait of a kind is seen in part.
    waited = [lane for lane in lanes if oncpu.waited(timeline, lane, "lock") >= 0.1 * seconds]
    slept = all(oncpu.waited(timeline, lane, "sleep") >= 0.5 * seconds for lane in lanes)
    return run.unless_busy(  # on a busy machine the sampler's looks come late: waits seen in part
        len(waited) >= past and slept,
        zh="构建本页的机器在这次运行时很忙，采样来得太迟，时间线里的等待只记下了一部分。",
        en="The machine that built this page was busy during this run: the samples came "
        "late, and the timeline holds only part of the waits.",
    )
