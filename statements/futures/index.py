"""What futures/index says of its runs."""

import re

from snippet_runner.statements import Block, Run

submit = Block("snippets/futures/futures_submit.py")
exception = Block("snippets/futures/futures_exception.py")
traceback = Block("snippets/futures/futures_process_traceback.py")
callbacks = Block("snippets/futures/futures_callbacks.py")
callback_raises = Block("snippets/futures/futures_callback_raises.py")
map_order = Block("snippets/futures/futures_map_order.py")
map_errors = Block("snippets/futures/futures_map_errors.py")
map_error_queued = Block("snippets/futures/futures_map_error_queued.py")
chunksize = Block("snippets/futures/futures_map_chunksize.py")
buffersize = Block("snippets/futures/futures_map_buffersize.py")
as_completed = Block("snippets/futures/futures_as_completed.py")
as_completed_timeout = Block("snippets/futures/futures_as_completed_timeout.py")
wait = Block("snippets/futures/futures_wait.py")

# ------------------------------------------------------------------ submit() and Future

SUBMITTED = r"^submit\(\) returned after (?P<ms>[\d.]+) ms; done\(\) -> (?P<done>\w+)$"
RESULT = r"^result\(\) -> (?P<value>\d+), after (?P<after>[\d.]+) s$"


@submit.figure
def submit_took(run: Run) -> str:
    return run.find(SUBMITTED)["ms"]


@submit.says
def submit_returned_before_the_task_was_done(run: Run) -> bool:
    return run.find(SUBMITTED)["done"] == "False"


@submit.says
def the_timeout_ended_only_the_wait(run: Run) -> bool:
    timed_out = run.find(r"^result\(timeout=([\d.]+)\) raised TimeoutError; the task runs on$")
    result = run.find(RESULT)
    return result["value"] == "49" and float(result["after"]) > float(timed_out[1])


@submit.figure
def result_after(run: Run) -> str:
    return run.find(RESULT)["after"]


@exception.says
def the_same_exception_both_ways_and_the_forgotten_one_silent(run: Run) -> bool:
    return (
        run.find(r"^the same object both times: (\w+)$")[1] == "True"
        and "Traceback" not in run.output
        and run.lines[-1] == "the forgotten task failed too, and nothing was printed about it"
    )


@traceback.says
def the_workers_traceback_then_the_callers(run: Run) -> bool:
    lines = run.lines
    remote = next(i for i, line in enumerate(lines) if "_RemoteTraceback" in line)
    average = next(i for i, line in enumerate(lines) if line.rstrip().endswith("in average"))
    cause = lines.index("The above exception was the direct cause of the following exception:")
    result = max(i for i, line in enumerate(lines) if ", in result" in line)
    return remote < average < cause < result and lines[-1].startswith("ZeroDivisionError")


# ------------------------------------------------------------------ done callbacks

WHERE = (
    r"^(?P<label>.+?) +(?:callback ran in|runs in|ran in) +pid (?P<pid>\d+), "
    r"thread (?P<thread>\S+)$"
)


def places(run: Run) -> dict[str, tuple[str, str]]:
    return {m["label"]: (m["pid"], m["thread"]) for m in run.find_all(WHERE, count=5)}


@callbacks.says
def before_done_the_worker_thread_ran_it(run: Run) -> bool:
    found = places(run)
    pid, thread = found["thread pool, added before done"]
    return pid == found["the main program"][0] and thread.startswith("pool_")


@callbacks.says
def once_done_the_adding_thread_ran_it(run: Run) -> bool:
    found = places(run)
    return found["thread pool, added once done"] == found["the main program"]


@callbacks.says
def a_process_pools_callback_ran_in_the_main_process(run: Run) -> bool:
    found = places(run)
    main_pid, main_thread = found["the main program"]
    pid, thread = found["process pool, added before done"]
    return (
        pid == main_pid and thread != main_thread and found["the process pool task"][0] != main_pid
    )


@callback_raises.says
def the_raising_callback_was_logged_and_the_next_one_ran(run: Run) -> bool:
    logged = run.find_all(
        r"^concurrent\.futures logged ERROR: ValueError\('a bug in the callback'\)$"
    )
    return (
        run.lines[0] == "callbacks that ran, in order: ['broken', 'after']"
        and "add_done_callback(broken) on the done future returned normally" in run.lines
        and len(logged) == 2
        and "Traceback" not in run.output  # nothing else printed the exceptions
        and run.lines[-1].startswith("result() -> 42")
    )


# ------------------------------------------------------------------ map()

YIELDED = r"^\s*(?P<at>[\d.]+) s  map\(\) yielded (?P<value>[\d.]+)$"


def floats(run: Run, label: str) -> list[float]:
    return [float(x) for x in run.find(rf"^{label} +\[(.*)\]$")[1].split(",")]


@map_order.says
def finished_by_duration_yielded_by_input(run: Run) -> bool:
    inputs = floats(run, "inputs")
    return floats(run, "finished") == sorted(inputs) and floats(run, "map gave") == inputs


@map_order.says
def nothing_came_out_before_the_first_inputs_task(run: Run) -> bool:
    first = float(run.find(YIELDED)["at"])
    return first >= floats(run, "inputs")[0]


@map_order.figure
def first_yield_at(run: Run) -> str:
    return run.find(YIELDED)["at"]


@map_errors.says
def the_failure_came_in_its_turn(run: Run) -> bool:
    got = [m[1] for m in run.find_all(r"^got ([\d.]+)$")]
    return got == ["1.0", "0.5"] and "the third result raised ZeroDivisionError" in run.output


@map_errors.says(about_timing=True)
def every_call_was_running_when_the_loop_met_the_error(run: Run) -> bool:
    """The timeline's four calls all began before the call for 2 ended, after whose result
    the loop met the error."""
    calls = {
        item["name"]: item
        for process in run.timeline["processes"]
        for item in process["work"]
        if item["name"].startswith("invert(")
    }
    met_the_error = calls["invert(2)"]["end"]
    return len(calls) == 4 and all(call["start"] < met_the_error for call in calls.values())


MOMENT = r"^(?P<at>[\d.]+) s: "


@map_errors.says
def the_timeout_counted_from_map_and_the_with_block_waited(run: Run) -> bool:
    timeout = run.find(MOMENT + r"TimeoutError \(timeout=(?P<limit>[\d.]+)\)$")
    left = run.find(MOMENT + r"the with block let go")
    return float(timeout["limit"]) <= float(timeout["at"]) < float(left["at"])


@map_errors.figure
def map_timed_out_at(run: Run) -> str:
    return run.find(MOMENT + r"TimeoutError")["at"]


def listed_after(run: Run, label: str) -> list[int]:
    found = run.find(rf"^{label}: \[(?P<items>[\d, ]*)\]$")["items"]
    return [int(n) for n in found.split(", ") if n]


@map_error_queued.says(about_timing=True)
def the_error_cancelled_the_queued_calls_and_the_running_ones_ended(run: Run) -> bool:
    started = listed_after(run, "calls that started")
    ended = listed_after(run, "calls that ran to their end")
    never_ran = listed_after(run, "calls cancelled before they started")
    return (
        run.lines[0] == "the first result raised ValueError('input 0 is invalid')"
        and 1 in ended  # running beside the failing call from the start
        and ended == [n for n in started if n != 0]  # no call that started was cut short
        and sorted(started + never_ran) == list(range(6))
        and {4, 5} <= set(never_ran)  # queued behind two calls that run a second each
    )


CHUNK = r"^chunksize=(?P<size>\d+): (?P<pairs>.+)$"


@chunksize.says
def each_chunk_of_four_ran_in_one_worker(run: Run) -> bool:
    _, fours = run.find_all(CHUNK, count=2)
    size = int(fours["size"])
    workers = re.findall(r"(\d+)([A-Z])", fours["pairs"])
    inputs = [int(n) for n, _ in workers]
    chunks = [workers[i : i + size] for i in range(0, len(workers), size)]
    return inputs == sorted(inputs) and all(len({w for _, w in chunk}) == 1 for chunk in chunks)


@chunksize.says
def results_in_input_order_either_way(run: Run) -> bool:
    return all(
        [int(n) for n in re.findall(r"(\d+)[A-Z]", m["pairs"])]
        == sorted(int(n) for n in re.findall(r"(\d+)[A-Z]", m["pairs"]))
        for m in run.find_all(CHUNK, count=2)
    )


@buffersize.says(python=">=3.14")
def the_endless_input_was_read_at_most_wanted_plus_buffer(run: Run) -> bool:
    read = run.find(r"^Python [\d.]+: read (?P<wanted>\d+) results \[(?P<squares>[^\]]*)\]$")
    taken = int(run.find(r"^the endless input was read (\d+) times")[1])
    wanted = int(read["wanted"])
    squares = [int(x) for x in read["squares"].split(",")]
    return squares == [n * n for n in range(wanted)] and wanted <= taken <= wanted + 2


@buffersize.says(python="<3.14")
def no_buffersize_before_3_14(run: Run) -> bool:
    return run.lines == [run.lines[0]] and "Executor.map() has no buffersize" in run.lines[0]


COMPLETED = r"^\s*(?P<at>[\d.]+) s  as_completed: (?P<name>\S+)$"


@as_completed.says
def smallest_first_largest_last(run: Run) -> bool:
    return [m["name"] for m in run.find_all(COMPLETED, count=3)] == [
        "small.txt",
        "medium.zip",
        "big.iso",
    ]


@as_completed.figure
def smallest_after(run: Run) -> str:
    return run.find_all(COMPLETED, count=3)[0]["at"]


@as_completed_timeout.says(about_timing=True)
def the_quick_one_came_then_timeout_error_with_two_running(run: Run) -> bool:
    completed = [m["name"] for m in run.find_all(COMPLETED)]
    return (
        completed == ["small.txt"]
        and "TimeoutError: 2 (of 3) futures unfinished" in run.output
        and run.find(r"still running: (.*)$")[1] == "['big.iso', 'huge.iso']"
    )


@as_completed_timeout.figure
def as_completed_timed_out_at(run: Run) -> str:
    return run.find(r"^\s*([\d.]+) s  TimeoutError")[1]


WAITED = (
    r"^(?P<label>[A-Z_]+(?:, timeout=[\d.]+)?) +done=\[(?P<done>[^\]]*)\]  "
    r"not_done=\[(?P<rest>[^\]]*)\]$"
)


def waited(run: Run) -> list[tuple[str, str, str]]:
    return [(m["label"], m["done"], m["rest"]) for m in run.find_all(WAITED, count=4)]


@wait.says
def first_completed_and_first_exception_returned_at_once(run: Run) -> bool:
    rounds = waited(run)
    return rounds[0] == ("FIRST_COMPLETED", "'quick'", "'held-1', 'held-2'") and rounds[1] == (
        "FIRST_EXCEPTION",
        "'broken'",
        "'held-1', 'held-2'",
    )


@wait.says
def all_completed_counted_the_failed_one(run: Run) -> bool:
    return waited(run)[2] == ("ALL_COMPLETED", "'broken', 'held-1', 'quick'", "")


@wait.says(about_timing=True)
def the_timeout_returned_what_was_done(run: Run) -> bool:
    label, done, rest = waited(run)[3]
    return label.startswith("ALL_COMPLETED, timeout=") and (done, rest) == ("'quick'", "'held-1'")
