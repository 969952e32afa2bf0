"""What threads/coordination says of its runs."""

from collections import defaultdict

from snippet_runner import oncpu
from snippet_runner.statements import Block, Run
from snippet_runner.timeline import shown_threads

condition = Block("snippets/threads/threading_condition.py")
barrier = Block("snippets/threads/threading_barrier.py")
barrier_timeout = Block("snippets/threads/threading_barrier_timeout.py")
barrier_abort = Block("snippets/threads/threading_barrier_abort.py")
timer = Block("snippets/threads/threading_timer.py")
producer_consumer = Block("snippets/threads/queue_producer_consumer.py")
consumer_fails = Block("snippets/threads/queue_consumer_fails.py")


def taken_once_each(taken: list[int], put: list[int]) -> bool:
    return sorted(taken) == sorted(put) and len(set(put)) == len(put)


@condition.says
def each_number_taken_by_exactly_one_consumer(run: Run) -> bool:
    put = [int(m[1]) for m in run.find_all(r"^producer puts (\d+)$")]
    taken = [int(m[1]) for m in run.find_all(r"^consumer-\d+ took (\d+)$")]
    closed = run.find_all(r"^consumer-\d+ finds the inbox closed and empty$")
    consumers = {m[1] for m in run.find_all(r"^(consumer-\d+) ")}
    return taken_once_each(taken, put) and len(closed) == len(consumers)


PHASE = r"^t\d+ phase (?P<phase>\d+): arrived (?P<arrived>[\d.]+) s, left (?P<left>[\d.]+) s$"


def phases(run: Run) -> dict[int, list[tuple[float, float]]]:
    found: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for m in run.find_all(PHASE):
        found[int(m["phase"])].append((float(m["arrived"]), float(m["left"])))
    return found


@barrier.says
def nobody_left_before_the_last_arrived(run: Run) -> bool:
    found = phases(run)
    return len(found) >= 2 and all(
        min(left for _, left in rows) >= max(arrived for arrived, _ in rows)
        for rows in found.values()
    )


@barrier.says(about_timing=True)
def all_left_together(run: Run) -> bool:
    """Printed to 0.01 s, every thread of a phase left within 0.01 s of the others."""
    return all(
        max(left for _, left in rows) - min(left for _, left in rows) <= 0.011
        for rows in phases(run).values()
    )


MET = (
    r"^\s*(?P<left>[\d.]+) s  (?P<name>[\w-]+): wait\(timeout=(?P<timeout>[\d.]+)\) "
    r"from (?P<arrived>[\d.]+) s -> (?P<outcome>\w+)$"
)


def met(run: Run) -> dict[str, dict[str, float | str]]:
    """Each party's wait: when it arrived and left, its timeout, and how the wait ended."""
    return {
        m["name"]: {
            key: m[key] if key == "outcome" else float(m[key])
            for key in ("left", "arrived", "timeout", "outcome")
        }
        for m in run.find_all(MET)
    }


@barrier_timeout.says(about_timing=True)
def the_timeout_broke_the_barrier_for_every_party(run: Run) -> bool:
    """The impatient one left at its timeout, never before; the patient one with it, long before
    its own; the late one at once (within 0.1 s, a busy machine's delay)."""
    waits = met(run)
    impatient, patient, late = waits["impatient"], waits["patient"], waits["late"]
    broken = all(w["outcome"] == "BrokenBarrierError" for w in (impatient, patient, late))
    own_timeout = impatient["left"] - impatient["arrived"] >= impatient["timeout"]
    together = abs(patient["left"] - impatient["left"]) < 0.1
    early = patient["left"] - patient["arrived"] < patient["timeout"] / 2
    at_once = late["arrived"] >= impatient["left"] and late["left"] - late["arrived"] < 0.1
    return broken and own_timeout and together and early and at_once


@barrier_timeout.says
def reset_made_the_barrier_whole_again(run: Run) -> bool:
    waits = met(run)
    again = [w for name, w in waits.items() if name.startswith("again-")]
    broken = run.find(r"^barrier\.broken: (\w+)$")[1] == "True"
    whole = run.find(r"^after reset\(\): barrier\.broken: (\w+);")[1] == "False"
    return broken and whole and len(again) == 3 and all(w["outcome"] == "passed" for w in again)


ABORTED = (
    r"^t\d+: wait\(timeout=(?P<timeout>[\d.]+)\) raised BrokenBarrierError after (?P<s>[\d.]+)"
)


@barrier_abort.says
def the_waiting_threads_were_let_go_before_their_timeout(run: Run) -> bool:
    run.find(r"^t\d+: failed \(.*\), aborts the barrier$")
    raised = run.find_all(ABORTED, count=2)
    early = all(float(m["s"]) < float(m["timeout"]) for m in raised)
    return early and run.find(r"^barrier\.broken: (\w+)$")[1] == "True"


@barrier_abort.figure
def aborted_after(run: Run) -> str:
    return max(run.find_all(ABORTED), key=lambda m: float(m["s"]))["s"]


FIRED = r"^(?P<at>[\d.]+) s  (?P<label>.+) fired in (?P<thread>\S+)$"


@timer.says
def only_the_kept_timer_fired_after_its_delay_in_another_thread(run: Run) -> bool:
    """The kept timer fired after its delay, in a thread of its own; the cancelled one's thread
    ended on its own long before that delay, without calling the function."""
    [fired] = run.find_all(FIRED)
    listed = run.find(r"fired: \[(.*)\]$")[1]
    delay = run.number(r"two timers of ([\d.]+) s started, one cancelled$")
    [process] = run.timeline["processes"]
    timers = shown_threads(process)
    ended_early = [t for t in timers if t["end"] - t["start"] < delay * 1_000_000 / 2]
    return (
        fired["label"] == "reminder"
        and listed == "'reminder'"
        and float(fired["at"]) >= delay
        and fired["thread"] != "MainThread"
        and len(timers) == 2
        and len(ended_early) == 1
        and not any(t.get("cut_off") for t in timers)
    )


SQUARED = r"^consumer-\d+ squared (\d+)$"


@producer_consumer.says
def each_item_handled_once_before_join_returned(run: Run) -> bool:
    done = run.find(r"^all (\d+) items done after")
    handled = [int(m[1]) for m in run.find_all(SQUARED)]
    before_join = all(
        run.lines.index(m.string) < run.lines.index(done.string) for m in run.find_all(SQUARED)
    )
    return taken_once_each(handled, list(range(int(done[1])))) and before_join


@producer_consumer.says
def every_consumer_ended_on_its_own(run: Run) -> bool:
    [process] = run.timeline["processes"]
    consumers = [t for t in shown_threads(process) if t["name"].startswith("consumer-")]
    return len(consumers) >= 2 and not any(t.get("cut_off") for t in consumers)


OUTCOME = r"^  consumer alive: (?P<alive>\w+), unfinished items after (?P<s>[\d.]+) s: (?P<n>\d+)$"


def outcome(run: Run, which: int) -> tuple[str, int]:
    found = run.find_all(OUTCOME, count=2)[which]
    return found["alive"], int(found["n"])


@consumer_fails.says
def the_dead_consumer_stranded_the_rest(run: Run) -> bool:
    run.find(r"^Exception in thread consumer:$")
    alive, unfinished = outcome(run, 0)
    return (
        alive == "False"
        and unfinished > 0
        and "1/4" not in run.find(r"^failure left uncaught: ").string
    )


@consumer_fails.says(about_timing=True)  # done within the patience the snippet gives it
def caught_per_item_every_item_was_done(run: Run) -> bool:
    results = run.find(r"^failure caught per item: (.*)$")[1]
    return outcome(run, 1) == ("False", 0) and "failed: division by zero" in results


@condition.says  # what the sampler saw (about timing: load may blur it)
def the_consumers_waited_on_a_lock_most_of_their_lives(run: Run) -> bool:
    """Condition.wait() as the kernel saw it: each consumer waited on a lock most of its life,
    on a CPU for less than 5 % of it."""
    timeline = run.sampled
    consumers = oncpu.lanes_of(timeline, ["consumer-"])
    return len(consumers) >= 2 and all(
        oncpu.waited(timeline, lane, "lock") >= 0.5 * (lane["end"] - lane["start"]) / 1e6
        and oncpu.on_cpu_share(timeline, lane) < 0.05
        for lane in consumers
    )
