"""What coroutines/debugging says of its runs."""

import re
from itertools import pairwise

from snippet_runner.statements import Block, Run

switches = Block("snippets/coroutines/asyncio_debug_switches.py")
logging_block = Block("snippets/coroutines/asyncio_debug_logging.py")
dev_mode = Block("snippets/coroutines/asyncio_dev_mode.py")
slow_callback = Block("snippets/coroutines/asyncio_debug_slow_callback.py")
never_awaited = Block("snippets/coroutines/asyncio_never_awaited.py")
never_retrieved = Block("snippets/coroutines/asyncio_never_retrieved.py")
background = Block("snippets/coroutines/asyncio_background_tasks.py")
heartbeat = Block("snippets/coroutines/asyncio_blocking_heartbeat.py")
stacks = Block("snippets/coroutines/asyncio_task_stacks.py")
call_graph = Block("snippets/coroutines/asyncio_call_graph.py")
faulthandler = Block("snippets/coroutines/asyncio_faulthandler.py")
threadsafe = Block("snippets/coroutines/asyncio_run_coroutine_threadsafe.py")
loop_thread = Block("snippets/coroutines/asyncio_loop_in_thread.py")
executor = Block("snippets/coroutines/asyncio_to_thread_executor.py")
wrong_thread = Block("snippets/coroutines/asyncio_wrong_thread.py")


def index(run: Run, pattern: str) -> int:
    """The number of the first line that matches `pattern`."""
    for number, line in enumerate(run.lines):
        if re.search(pattern, line):
            return number
    raise ValueError(f"no line matches {pattern!r}")


# ------------------------------------------------------------------ debug mode


@switches.says
def only_doing_nothing_leaves_debug_mode_off(run: Run) -> bool:
    found = dict(re.findall(r"^(.+?) +loop\.get_debug\(\) = (\w+)$", run.output, re.M))
    return found == {
        "nothing": "False",
        "asyncio.run(..., debug=True)": "True",
        "PYTHONASYNCIODEBUG=1": "True",
        "python -X dev": "True",
    }


RECORDS = r"^--- (\d+) records logged$"


@logging_block.says
def at_warning_no_debug_or_info_record_came_through(run: Run) -> bool:
    first = "\n".join(run.lines[: index(run, r"logger at DEBUG:$")])
    return "asyncio DEBUG" not in first and "asyncio INFO" not in first


@logging_block.says
def at_debug_the_loop_told_what_it_did(run: Run) -> bool:
    after = "\n".join(run.lines[index(run, r"logger at DEBUG:$") :])
    return (
        int(run.find_all(RECORDS, count=2)[1][1]) >= 3
        and "asyncio DEBUG: Using selector" in after
        and re.search(r"asyncio DEBUG: .* connected to 127\.0\.0\.1:\d+", after) is not None
    )


@logging_block.figure
def debug_records(run: Run) -> str:
    return run.find_all(RECORDS, count=2)[1][1]


DEV = r"^--- (?P<how>python|python -X dev): (?P<count>\d+) ResourceWarning"


@dev_mode.says
def only_dev_mode_showed_the_connection_left_open(run: Run) -> bool:
    plain, dev = run.find_all(DEV, count=2)
    return (
        plain["count"] == "0"
        and int(dev["count"]) >= 1
        and "ResourceWarning: unclosed <StreamWriter" in run.output
    )


SLOW = r"Executing <Task .*name='load-config'.*> took (?P<took>[\d.]+) seconds"


@slow_callback.says
def debug_mode_named_the_blocking_task(run: Run) -> bool:
    return float(run.find(SLOW)["took"]) >= 0.1 and " created at " in run.find(SLOW)[0]


@slow_callback.figure
def blocked_for(run: Run) -> str:
    return run.find(SLOW)["took"]


@never_awaited.says
def the_plain_warning_then_where_it_was_made(run: Run) -> bool:
    debug_starts = index(run, r"^--- asyncio\.run\(handler\(\), debug=True\)$")
    plain = "\n".join(run.lines[:debug_starts])
    debug = run.lines[debug_starts:]
    created = debug.index("Coroutine created at (most recent call last)")
    return (
        "never awaited" in plain
        and "Coroutine created at" not in plain
        and any("in handler" in line for line in debug[created:])
    )


# ------------------------------------------------------------------ silent failures


@never_retrieved.says
def logged_only_once_the_task_was_freed(run: Run) -> bool:
    before = run.find(r"^task done: True; messages logged so far: (\d+)$")[1]
    after = run.find(r"^after del task and gc\.collect\(\): messages logged: (\d+)$")[1]
    return (
        before == "0"
        and after == "1"
        and index(run, r"^task done") < index(run, r"Task exception was never retrieved")
    )


@background.says
def the_task_nobody_kept_was_destroyed_the_kept_one_got_its_reply(run: Run) -> bool:
    kept = index(run, r"^--- keep a reference: True$")
    lost, safe = "\n".join(run.lines[:kept]), "\n".join(run.lines[kept:])
    return (
        "Task was destroyed but it is pending!" in lost
        and "job: closed while still waiting" in lost
        and "job: got '200 OK'" in safe
        and "Task was destroyed" not in safe
    )


def beats(run: Run, label: str) -> list[str]:
    return run.find(rf"^{re.escape(label)} +(.*)$")[1].split()


@heartbeat.says
def no_beat_between_the_blocking_steps(run: Run) -> bool:
    blocking = beats(run, "time.sleep")
    first = blocking.index("0")
    return blocking[first : first + 3] == ["0", "1", "2"]


@heartbeat.says(about_timing=True)
def a_beat_between_every_awaited_step(run: Run) -> bool:
    polite = beats(run, "await asyncio.sleep")
    places = [polite.index(mark) for mark in ("0", "1", "2")]
    return all("♥" in polite[a:b] for a, b in pairwise(places))


# ------------------------------------------------------------------ looking at tasks


@stacks.says
def get_stack_showed_one_frame_each(run: Run) -> bool:
    waits = dict(re.findall(r"^(crawler|fetch /[ab]) +waits in (\S+)$", run.output, re.M))
    return (
        set(waits) == {"crawler", "fetch /a", "fetch /b"}
        and waits["crawler"].startswith("crawl:")
        and "async with asyncio.TaskGroup() as tg:" in run.output
    )


@call_graph.says(python="<3.14")
def no_call_graph_before_3_14(run: Run) -> bool:
    return run.lines == [run.lines[0]] and "has no asyncio.capture_call_graph" in run.lines[0]


@call_graph.says(python=">=3.14")
def the_graph_climbs_from_fetch_to_crawler_to_main(run: Run) -> bool:
    tasks = [
        (len(m[1]), m[2]) for m in re.finditer(r"^( *)\* Task\(name='([^']+)'", run.output, re.M)
    ]
    names = [name for _, name in tasks]
    depths = [depth for depth, _ in tasks]
    return names == ["fetch /a", "crawler", "main"] and depths == sorted(set(depths))


@call_graph.says(python=">=3.14")
def crawler_waits_in_taskgroup_aexit(run: Run) -> bool:
    crawler = index(run, r"\* Task\(name='crawler'")
    main = index(run, r"\* Task\(name='main'")
    return any("TaskGroup.__aexit__" in line for line in run.lines[crawler:main])


@call_graph.says(python=">=3.14")
def the_chain_line(run: Run) -> bool:
    return run.lines[-1] == "awaited by, from the inside out: fetch /a <- crawler <- main"


@faulthandler.says
def the_watchdog_showed_where_the_loop_hung(run: Run) -> bool:
    read = index(run, r'File ".*asyncio_faulthandler\.py", line \d+ in read_config$')
    load = index(run, r'File ".*asyncio_faulthandler\.py", line \d+ in load$')
    return index(run, r"^Timeout \(") < read < load


# ------------------------------------------------------------------ threads and the loop


@threadsafe.says
def coroutines_ran_in_the_loop_answers_went_to_the_thread(run: Run) -> bool:
    answers = run.find_all(r"^(\S+) got \w+=\d+ \(looked up in (\S+)\)$", count=2)
    return all(m[1] == "asyncio_0" and m[2] == "MainThread" for m in answers) and (
        run.find(r"^progress recorded on the loop: (.*)$")[1] == "['alpha done', 'beta done']"
    )


@loop_thread.says
def every_download_ran_in_the_loop_thread(run: Run) -> bool:
    return {m[1] for m in run.find_all(r"downloaded in thread '([^']+)'$", count=3)} == {
        "event-loop"
    }


@loop_thread.says(about_timing=True)
def the_downloads_ran_at_the_same_time(run: Run) -> bool:
    found = run.find(r"^(\d+) downloads of ([\d.]+)s each took ([\d.]+)s in all$")
    return float(found[3]) < int(found[1]) * float(found[2])


@loop_thread.says
def the_exit_cancelled_the_watcher_and_closed_the_loop(run: Run) -> bool:
    return (
        "watcher: cancelled when the loop stopped, its finally ran" in run.lines
        and run.find(r"the watcher's future, seen from this thread: cancelled\(\) is (\w+)$")[1]
        == "True"
        and run.find(r"^event loop thread still alive: (\w+)$")[1] == "False"
        and run.find(r"^event loop closed: (\w+)$")[1] == "True"
    )


@loop_thread.says
def a_blocked_loop_raised_then_closed_later(run: Run) -> bool:
    blocked = run.find(r"^a blocked loop: TimeoutError: .*; thread alive: (\w+)$")
    closed = run.lines[-1] == "once the callback returned: loop closed: True"
    return blocked[1] == "True" and closed


CONTEXT = r"^(?P<how>\S+) +ran '[^']+' in (?P<thread>\S+), request_id=(?P<id>\S+)$"


@executor.says
def only_to_thread_carried_the_context(run: Run) -> bool:
    found = {m["how"]: m for m in run.find_all(CONTEXT, count=3)}
    return (
        found["asyncio.to_thread"]["id"] == "req-42"
        and found["run_in_executor(None)"]["id"] == "-"
        and found["run_in_executor(pool)"]["id"] == "-"
        and found["run_in_executor(pool)"]["thread"].startswith("db_")
    )


WRONG = r"^loop\.(?P<method>\w+)\(\) from a thread, debug=(?P<debug>\w+): (?P<outcome>.+)$"


def ways(run: Run) -> dict[tuple[str, str], str]:
    return {(m["method"], m["debug"]): m["outcome"] for m in run.find_all(WRONG, count=3)}


@wrong_thread.says
def call_soon_raised_in_debug_mode(run: Run) -> bool:
    return ways(run)[("call_soon", "True")] == (
        "RuntimeError: Non-thread-safe operation invoked on an event loop other than the "
        "current one"
    )


@wrong_thread.says
def call_soon_waited_for_the_loops_own_timer(run: Run) -> bool:
    return ways(run)[("call_soon", "False")] == (
        "the callback ran only when the loop's own timer woke it"
    )


@wrong_thread.says
def call_soon_threadsafe_woke_the_loop(run: Run) -> bool:
    return ways(run)[("call_soon_threadsafe", "False")] == (
        "the callback ran before the loop's timer"
    )
