"""What coroutines/gevent says of its runs."""

import re

from snippet_runner.statements import Block, Run

greenlets = Block("snippets/coroutines/gevent_greenlets.py")
patch_late = Block("snippets/coroutines/gevent_patch_late.py")
failures = Block("snippets/coroutines/gevent_failures.py")
pool = Block("snippets/coroutines/gevent_pool.py")
pool_errors = Block("snippets/coroutines/gevent_pool_errors.py")

STEP = r"^\s*(?P<at>[\d.]+)s (?P<name>g\d+) (?P<what>starts|done)$"
TOOK = r"^(?P<count>\d+) greenlets sleeping (?P<seconds>[\d.]+)s each took (?P<took>[\d.]+)s$"


def steps(run: Run) -> list[tuple[str, str]]:
    return [(m["what"], m["name"]) for m in run.find_all(STEP)]


@greenlets.says
def every_greenlet_started_before_any_was_done(run: Run) -> bool:
    order = [what for what, _ in steps(run)]
    count = int(run.find(TOOK)["count"])
    return order == ["starts"] * count + ["done"] * count


@greenlets.says(about_timing=True)
def the_waits_overlapped(run: Run) -> bool:
    took = run.find(TOOK)
    return float(took["took"]) < int(took["count"]) * float(took["seconds"])


@greenlets.says
def one_os_thread_for_every_greenlet(run: Run) -> bool:
    found = run.find(r"^distinct threading\.get_ident\(\): (\d+), OS threads: (\d+)$")
    return found[1] == run.find(TOOK)["count"] and found[2] == "1"


@patch_late.says
def one_greenlet_after_the_other(run: Run) -> bool:
    order = steps(run)
    names = [name for _, name in order[::2]]
    return order == [pair for name in names for pair in (("starts", name), ("done", name))]


@patch_late.says
def time_sleep_patched_the_early_one_not(run: Run) -> bool:
    return "time.sleep is patched: True; the early-bound sleep is not" in run.lines


@failures.says
def the_exception_stayed_in_the_greenlet(run: Run) -> bool:
    found = run.find(r"^ok: value (?P<value>.+); broken: exception (?P<exception>.+)$")
    return (
        found["value"] == "'ok data'"
        and found["exception"].startswith("ConnectionError(")
        and re.search(r"<Greenlet at 0x[0-9a-f]+: fetch\('broken'", run.output) is not None
        and "failed with ConnectionError" in run.output
    )


@failures.says
def the_timeout_ended_the_wait_kill_ended_the_greenlet(run: Run) -> bool:
    return (
        run.find(r"^after waiting [\d.]+s for stuck: dead is (\w+)$")[1] == "False"
        and run.find(r"^after kill\(\): dead is (\w+), value (.+)$").groups()
        == ("True", "GreenletExit()")
        and "stuck: finally ran" in run.lines
    )


@pool.says
def map_kept_the_input_order_though_they_finished_in_another(run: Run) -> bool:
    finished = [int(n) for n in run.find(r"^finish order: +\[(.*)\]$")[1].split(",")]
    results = [int(n) for n in run.find(r"^results in input order: \[(.*)\]$")[1].split(",")]
    return finished != sorted(finished) and results == [n * n for n in sorted(finished)]


@pool.says
def never_more_than_the_pool_size(run: Run) -> bool:
    found = run.find(r"^pool size (\d+): at most (\d+) greenlets ran at once")
    return found[1] == found[2]


@pool_errors.says
def map_raised_after_starting_every_job_and_the_rest_ran_on(run: Run) -> bool:
    raised = run.find(
        r"^map\(\) raised ValueError\('job 0 failed'\) once every job had started: \[(.*)\]$"
    )
    left = run.find(
        r"^greenlets still in the pool then: (?P<left>\d+), running jobs \[(?P<jobs>.*)\]$"
    )
    after = run.find(
        r"^after pool\.join\(\): jobs that ran to their end \[(.*)\], pool size (\d+)$"
    )
    started = sorted(int(n) for n in raised[1].split(", "))
    running = [int(n) for n in left["jobs"].split(", ") if n]
    return (
        started == list(range(len(started)))
        and started[-1] in running  # the last job, started just before map() raised
        and int(left["left"]) == len(running)
        and [int(n) for n in after[1].split(", ")] == started[1:]
        and after[2] == "0"
    )
