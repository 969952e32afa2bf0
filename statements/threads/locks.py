"""What threads/locks says of its runs."""

from snippet_runner.statements import Block, Run
from snippet_runner.timeline import most_at_once, shown_threads

race = Block("snippets/threads/threading_race_lost_update.py")
plain = Block("snippets/threads/threading_race_plain_increment.py")
fixed = Block("snippets/threads/threading_lock_fixed.py")
release = Block("snippets/threads/threading_lock_release.py")
interrupted = Block("snippets/threads/threading_lock_interrupted.py")
rlock = Block("snippets/threads/threading_rlock.py")
deadlock = Block("snippets/threads/threading_deadlock_ordering.py")

COUNTED = r"counter = (?P<counter>\d+), expected (?P<expected>\d+)"


def counted(run: Run) -> tuple[int, int]:
    found = run.find(COUNTED)
    return int(found["counter"]), int(found["expected"])


@race.says
def the_racing_threads_all_ran_at_one_moment(run: Run) -> bool:
    [process] = run.timeline["processes"]
    lanes = [(t["start"], t["end"]) for t in shown_threads(process)]
    return most_at_once(lanes) == len(lanes) >= 2


@race.figure
def race_counter(run: Run) -> str:
    return str(counted(run)[0])


@race.figure
def race_lost(run: Run) -> str:
    return run.find(r"^lost updates: (\d+)$")[1]


@race.says(about_timing=True)  # how many get lost is up to the scheduler
def the_race_lost_updates(run: Run) -> bool:
    counter, expected = counted(run)
    return counter < expected and int(race_lost(run)) == expected - counter


@plain.figure(free_threaded=False)
def plain_counter(run: Run) -> str:
    return str(counted(run)[0])


@plain.says(free_threaded=False)
def with_the_gil_the_plain_loop_came_out_right(run: Run) -> bool:
    counter, expected = counted(run)
    return counter == expected and run.find(r"GIL enabled: (\w+)")[1] == "True"


@fixed.says
def the_lock_made_the_count_exact(run: Run) -> bool:
    counter, expected = counted(run)
    return counter == expected


@release.says
def with_released_the_lock_on_the_exception(run: Run) -> bool:
    return run.find(r"^the block raised ValueError\(.*lock\.locked\(\) afterwards: (\w+)$")[1] == (
        "False"
    )


@release.says
def a_stray_release_raised(run: Run) -> bool:
    return run.find(r"^lock\.release\(\) on a free lock: RuntimeError: (.+)$") is not None


ACQUIRED_AGAIN = r"can_pay: acquired again, <locked _thread\.RLock object owner=\d+ count=(\d+)"
GAVE_UP = r"can_pay: acquire\(timeout=(?P<timeout>[\d.]+)\) returned False after (?P<s>[\d.]+) s"
WITHDRAWN = r"withdrawn: (\w+), balance now (\d+)"


@rlock.says
def the_rlock_was_acquired_again_count_2(run: Run) -> bool:
    withdrawn = run.find_all(WITHDRAWN, count=2)[0]
    return run.find(ACQUIRED_AGAIN)[1] == "2" and withdrawn[1] == "True"


@rlock.figure
def lock_gave_up_after(run: Run) -> str:
    return run.find(GAVE_UP)["s"]


@rlock.says
def the_lock_waited_its_timeout_and_returned_false(run: Run) -> bool:
    gave_up = run.find(GAVE_UP)
    withdrawn = run.find_all(WITHDRAWN, count=2)[1]
    return float(gave_up["s"]) >= float(gave_up["timeout"]) and withdrawn[1] == "False"


@rlock.says
def only_the_owner_may_release_an_rlock(run: Run) -> bool:
    line = r"^RLock held by main, release\(\) in another thread: RuntimeError: (.+)$"
    return run.find(line) is not None


SECOND = r"^(?P<who>alice|bob): second lock acquired: (?P<got>\w+)$"


def outcomes(run: Run) -> tuple[dict[str, str], dict[str, str]]:
    """Who got the second lock: in opposite order, then in one global order."""
    lines = run.lines
    ordered_from = lines.index("one global order for both")
    got = [(lines.index(m.string), m["who"], m["got"]) for m in run.find_all(SECOND, count=4)]
    opposite = {who: second for at, who, second in got if at < ordered_from}
    ordered = {who: second for at, who, second in got if at > ordered_from}
    return opposite, ordered


@deadlock.says
def in_opposite_order_neither_got_its_second_lock(run: Run) -> bool:
    return outcomes(run)[0] == {"alice": "False", "bob": "False"}


@deadlock.says
def in_one_order_both_got_both(run: Run) -> bool:
    return outcomes(run)[1] == {"alice": "True", "bob": "True"}


@interrupted.says
def ctrl_c_ended_the_wait_before_the_block(run: Run) -> bool:
    run.find(r"^main: waits at `with lock:`")
    return run.find(r"^main: KeyboardInterrupt while waiting; the block ran: (\w+)$")[1] == "False"


@interrupted.says
def the_interrupted_wait_never_took_the_lock(run: Run) -> bool:
    """Nobody released the lock after the holder: had the wait taken it, it would be held."""
    return run.find(r"^after the holder let go: lock\.locked\(\) = (\w+)$")[1] == "False"
