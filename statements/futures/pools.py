"""What futures/pools says of its runs."""

import re

from snippet_runner.statements import Block, Run

shutdown = Block("snippets/futures/futures_shutdown.py")
cancel = Block("snippets/futures/futures_cancel.py")
running_task = Block("snippets/futures/futures_running_task.py")
ctrl_c = Block("snippets/futures/futures_ctrl_c.py")
terminate = Block("snippets/futures/futures_terminate_workers.py")
deadlock_wait = Block("snippets/futures/futures_deadlock_wait.py")
deadlock_process = Block("snippets/futures/futures_deadlock_process.py")
default_workers = Block("snippets/futures/futures_default_workers.py")
reuse = Block("snippets/futures/futures_worker_reuse.py")
initializer = Block("snippets/futures/futures_initializer.py")
max_tasks = Block("snippets/futures/futures_max_tasks_per_child.py")
broken_pool = Block("snippets/futures/futures_broken_process_pool.py")
broken_init = Block("snippets/futures/futures_broken_initializer.py")
interpreters = Block("snippets/futures/futures_interpreter_pool.py")

# ------------------------------------------------------------------ shutdown, cancel

RETURNED = (
    r"^(?P<how>with|wait=False|cancel_futures=True) +returned after (?P<took>[\d.]+) s; "
    r"the 4 tasks then: \[(?P<then>[^\]]*)\]$"
)


def ended(run: Run) -> dict[str, tuple[str, str]]:
    """Each way of shutting down: the states right after it returned, and in the end."""
    then = run.find_all(RETURNED, count=3)
    final = run.find_all(r"^ +and in the end: \[([^\]]*)\]$", count=3)
    return {m["how"]: (m["then"], f[1]) for m, f in zip(then, final, strict=True)}


DONE = "'done', 'done', 'done', 'done'"


@shutdown.says
def with_waited_for_every_task(run: Run) -> bool:
    return ended(run)["with"] == (DONE, DONE)


@shutdown.says(about_timing=True)
def wait_false_returned_with_tasks_still_to_run(run: Run) -> bool:
    return ended(run)["wait=False"] == ("'running', 'pending', 'pending', 'pending'", DONE)


@shutdown.figure
def wait_false_took(run: Run) -> str:
    return next(m["took"] for m in run.find_all(RETURNED) if m["how"] == "wait=False")


@shutdown.says
def cancel_futures_cancelled_the_queued_ones(run: Run) -> bool:
    dropped = "'done', 'cancelled', 'cancelled', 'cancelled'"
    return ended(run)["cancel_futures=True"] == (dropped, dropped)


@shutdown.says
def submit_after_shutdown_raised(run: Run) -> bool:
    return run.lines[-1].startswith("submit() after shutdown: RuntimeError: ")


@ctrl_c.says(about_timing=True)
def ctrl_c_came_in_the_main_thread_and_the_with_block_waited(run: Run) -> bool:
    queued = "['running', 'pending', 'pending', 'pending']"
    return run.lines == [
        "--- Ctrl+C with the with block alone",
        f"KeyboardInterrupt in MainThread: {queued}",
        f"the with block ended with:   [{DONE}]",
        "--- Ctrl+C with cancel_futures=True",
        f"KeyboardInterrupt in MainThread: {queued}",
        "the with block ended with:   ['done', 'cancelled', 'cancelled', 'cancelled']",
    ]


@cancel.says
def only_the_queued_task_could_be_cancelled(run: Run) -> bool:
    found = dict(re.findall(r"^(\S+) +-> (.+)$", run.output, re.M))
    return found == {
        "running.cancel()": "False",
        "queued.cancel()": "True",
        "running": "first finished",
        "queued": "CancelledError",
    }


@running_task.says(about_timing=True)
def nothing_stopped_the_running_task(run: Run) -> bool:
    steps = run.find(r"^the task then ran all its steps: (?P<done>\d+) of (?P<steps>\d+)$")
    return (
        run.lines[0] == "cancel() -> False"
        and run.find(r"^result\(timeout=[\d.]+\) -> (\w+)$")[1] == "TimeoutError"
        and run.find(r"returned; running\(\) -> (\w+)$")[1] == "True"
        and steps["done"] == steps["steps"]
    )


# ------------------------------------------------------------------ terminate_workers()

ENDED = r"its future ended within (?P<took>[\d.]+) s, with (?P<outcome>.+)$"


@terminate.says(python=">=3.14")
def terminate_workers_ended_the_task_and_its_worker(run: Run) -> bool:
    task = float(run.find(r"running a (\d+) s task$")[1])
    found = run.find(ENDED)
    left = run.find(r"^worker processes left: (\d+)$")[1]
    return (
        float(found["took"]) < task
        and found["outcome"] not in ("a result", "nothing yet")
        and left == "0"
    )


@terminate.figure(python=">=3.14")
def terminated_within(run: Run) -> str:
    return run.find(ENDED)["took"]


@terminate.figure(python=">=3.14")
def terminated_with(run: Run) -> str:
    return run.find(ENDED)["outcome"]


@terminate.says(python="<3.14")
def no_terminate_workers_before_3_14(run: Run) -> bool:
    return run.lines == [run.lines[0]] and "has no terminate_workers()" in run.lines[0]


# ------------------------------------------------------------------ deadlocks


@deadlock_wait.says
def one_worker_the_inner_task_never_started(run: Run) -> bool:
    return (
        "the task it waited for was still queued"
        in run.find(r"^max_workers=1: TimeoutError after ([\d.]+) s: (.+)$")[0]
    )


@deadlock_wait.says
def two_workers_it_ran(run: Run) -> bool:
    return run.find(r"^max_workers=2: (.+)$")[1] == "value of user:42"


@deadlock_process.says
def the_pool_did_not_pickle(run: Run) -> bool:
    return run.find(r"^a task given its pool as an argument: (\w+): cannot pickle")[1] == (
        "TypeError"
    )


@deadlock_process.says
def the_forked_copy_hung_past_its_own_timeout(run: Run) -> bool:
    return (
        "a forked worker calling its pool's copy: no answer after" in run.output
        and run.find(r"^stuck workers terminated: (\d+)$")[1] == "1"
    )


# ------------------------------------------------------------------ pool sizes, reuse


def counts(run: Run) -> tuple[int, int, int]:
    cpus = run.find(r"^os\.cpu_count\(\) = (\d+); os\.process_cpu_count\(\) = (\S+)")
    usable = int(cpus[2]) if cpus[2].isdigit() else int(cpus[1])
    threads = int(run.find(r"^ThreadPoolExecutor\(\): (\d+) threads")[1])
    processes = int(run.find(r"^ProcessPoolExecutor\(\): (\d+) worker processes")[1])
    return usable, threads, processes


@default_workers.says
def threads_cpus_plus_four_processes_cpus(run: Run) -> bool:
    usable, threads, processes = counts(run)
    return threads == min(32, usable + 4) and processes == min(usable, 61)


@default_workers.figure
def default_threads(run: Run) -> str:
    return str(counts(run)[1])


@default_workers.figure
def default_processes(run: Run) -> str:
    return str(counts(run)[2])


def reused(run: Run) -> tuple[list[str], list[str], list[str]]:
    threads = re.findall(r"'(\w+)'", run.find(r"^threads, one task at a time: (.*)$")[1])
    letters = re.findall(r"'(\w)'", run.find(r"^processes \(\w+\), one task at a time: (.*)$")[1])
    alive = run.find(r"^worker processes alive after each task: \[(.*)\]$")[1].split(", ")
    return threads, letters, alive


@reuse.says
def every_task_on_worker_0(run: Run) -> bool:
    threads, _, _ = reused(run)
    return set(threads) == {"worker_0"}


@reuse.says(on="fork")
def fork_started_every_worker_with_the_first_task(run: Run) -> bool:
    _, _, alive = reused(run)
    return set(alive) == {"4"}


@reuse.says(on="spawn forkserver")
def spawn_and_forkserver_started_one_and_reused_it(run: Run) -> bool:
    _, letters, alive = reused(run)
    return set(letters) == {"A"} and set(alive) == {"1"}


@initializer.says
def every_task_used_its_own_workers_connection(run: Run) -> bool:
    opened = {m[1] for m in run.find_all(r"^initializer: pid (\d+) connects to")}
    tasks = run.find_all(r"^task \d+ in pid (\d+) uses \S+ \(opened in pid (\d+)\)$")
    return (
        len(opened) == len(run.find_all(r"^initializer: "))
        and bool(tasks)
        and all(m[1] == m[2] and m[1] in opened for m in tasks)
    )


@max_tasks.says
def fork_refused_max_tasks_per_child(run: Run) -> bool:
    return run.lines[0].startswith("with fork: ValueError: max_tasks_per_child") and (
        run.find(r"^start method: (\w+)$")[1] != "fork"
    )


@max_tasks.says
def two_tasks_per_worker_then_a_fresh_one(run: Run) -> bool:
    tasks = run.find(r"^task: +(.*)$")[1].split()
    workers = run.find(r"^worker: +(.*)$")[1].split()
    return tasks == [str(n) for n in range(len(tasks))] and workers == [
        "ABCDEFGHIJ"[n // 2] for n in range(len(tasks))
    ]


# ------------------------------------------------------------------ broken pools

TASK = r"^task (?P<n>\d+): (?P<outcome>\S+)$"


def outcomes(run: Run) -> list[str]:
    return [m["outcome"] for m in run.find_all(TASK, count=6)]


@broken_pool.says
def finished_tasks_kept_their_results_the_rest_broke(run: Run) -> bool:
    found = outcomes(run)
    first_broken = found.index("BrokenProcessPool")
    return (
        found[0] == "0"
        and found[2] == "BrokenProcessPool"
        and all(result == "BrokenProcessPool" for result in found[first_broken:])
        and found[:first_broken] == [str(n) for n in range(first_broken)]
    )


@broken_pool.says(about_timing=True)
def a_healthy_workers_task_was_lost_too(run: Run) -> bool:
    return outcomes(run)[3] == "BrokenProcessPool"


@broken_pool.says
def submit_afterwards_raised(run: Run) -> bool:
    return run.lines[-1] == "submit() afterwards raises BrokenProcessPool"


@broken_init.says
def each_pool_broken_by_its_initializer(run: Run) -> bool:
    return (
        run.find(r"^ThreadPoolExecutor: the future got (\w+): A thread initializer failed")[1]
        == "BrokenThreadPool"
        and run.find(r"^ProcessPoolExecutor: the future got (\w+):")[1] == "BrokenProcessPool"
        and "terminated abruptly" in run.find(r"^ProcessPoolExecutor: the future got .*$")[0]
        and run.output.count("Exception in initializer:") == 2
        and run.output.count("ConnectionError: database unreachable") == 2
    )


# ------------------------------------------------------------------ InterpreterPoolExecutor

CALL = r"^{}: +(?P<outcome>.+)$"


def call(run: Run, label: str) -> str:
    return run.find(CALL.format(re.escape(label)))["outcome"]


@interpreters.says(python="<3.14")
def no_interpreter_pool_before_3_14(run: Run) -> bool:
    return run.lines == [run.lines[0]] and "has no InterpreterPoolExecutor" in run.lines[0]


@interpreters.says(python=">=3.14")
def a_function_of_the_guarded_script_ran(run: Run) -> bool:
    return call(run, "square(7), defined in this script") == "returned 49"


@interpreters.says(python=">=3.14")
def a_closure_could_not_be_sent(run: Run) -> bool:
    return call(run, "a closure").startswith("raised ")


@interpreters.figure(python=">=3.14")
def closure_outcome(run: Run) -> str:
    return call(run, "a closure")


@interpreters.says(python=">=3.14")
def the_tasks_exception_came_back_with_a_summary(run: Run) -> bool:
    return call(run, "parse('forty-two')") == "raised ValueError (cause: ExecutionFailed)"


@interpreters.says(python=">=3.14")
def a_failing_initializer_broke_the_pool(run: Run) -> bool:
    return call(run, "an initializer that raises").endswith(", a BrokenExecutor: True")


@interpreters.figure(python=">=3.14")
def initializer_outcome(run: Run) -> str:
    return call(run, "an initializer that raises").split(",")[0]
