"""What threads/free-threading says of its runs, on each interpreter the build found."""

from snippet_runner.statements import Block, CannotShow, Run, same_work_same_cost

build = Block("snippets/threads/free_threading_build.py")
cpu_threads = Block("snippets/threads/free_threading_cpu_threads.py")
lost_update = Block("snippets/threads/free_threading_lost_update.py")
builtins = Block("snippets/threads/free_threading_builtins.py")
subinterpreters = Block("snippets/threads/interpreters_pool.py")

SETTING = r'get_config_var\("Py_GIL_DISABLED"\) = (?P<setting>\w+)'
GIL_NOW = r"sys\._is_gil_enabled\(\)(?: = (?P<enabled>\w+)|: not in this Python)"
OPTION = r"python -X gil=(?P<value>[01]): (?P<outcome>.*)$"


def options(run: Run) -> dict[str, str]:
    return {m["value"]: m["outcome"] for m in run.find_all(OPTION, count=2)}


# ------------------------------------------------------------------ which build, which GIL


@build.says(python="<3.13")
def before_3_13_the_gil_is_always_on(run: Run) -> bool:
    ignored = all(outcome.startswith("accepted and ignored") for outcome in options(run).values())
    return (
        run.find(SETTING)["setting"] == "None" and run.find(GIL_NOW)["enabled"] is None and ignored
    )


def reported(run: Run, setting: str, enabled: str, gil_0: str) -> bool:
    """The build's setting, its GIL now, and what -X gil=1 and -X gil=0 did (`gil_0`: the
    start of what the latter printed)."""
    said = options(run)
    return (
        run.find(SETTING)["setting"] == setting
        and run.find(GIL_NOW)["enabled"] == enabled
        and said["1"].endswith("is True")
        and said["0"].startswith(gil_0)
    )


@build.says(python=">=3.13", free_threaded=False)
def a_build_with_the_gil_cannot_turn_it_off(run: Run) -> bool:
    return reported(run, "0", "True", "refused, exit code 1: Fatal Python error")


@build.says(free_threaded=True)
def a_free_threaded_build_turns_it_on_and_off(run: Run) -> bool:
    return reported(run, "1", "False", "the child's sys._is_gil_enabled() is False")


# ------------------------------------------------------------------ CPU-bound threads

ONE_AFTER_ANOTHER = r"one after another: (?P<wall>[\d.]+) s, CPU time (?P<cpu>[\d.]+) s"
THREADS = r"\d+ threads: (?P<wall>[\d.]+) s, CPU time (?P<cpu>[\d.]+) s = (?P<cores>[\d.]+) cores"


@cpu_threads.figure(free_threaded=False)
def cores_with_the_gil(run: Run) -> str:
    return run.find(THREADS)["cores"]


@cpu_threads.says(free_threaded=False)
def threads_keep_one_core_with_the_gil(run: Run) -> bool:
    """One core busy at most (1.1: the two clocks are read at slightly different moments); no
    load can break it, load only lowers the ratio. Where load lowered it so far that even one
    computation alone had much less than a core, the figure would mislead: say why instead."""
    threads = run.find(THREADS)
    held = float(threads["cpu"]) <= 1.1 * float(threads["wall"])
    sequential = run.find(ONE_AFTER_ANOTHER)
    share = float(sequential["cpu"]) / float(sequential["wall"])
    if held and share < 0.8:  # the same words for every run, so several runs say it once
        raise CannotShow(**STARVED)
    return held


STARVED = {
    "zh": "构建本页的机器在测量时很忙：连“一个接一个”那一行也没有得到一个完整的核心（它的 CPU 时间"
    "远少于墙钟时间），所以这里的数字说明不了 GIL 的作用。",
    "en": "The machine that built this page was busy during the measurement: even the "
    '"one after another" line had much less than a core (its CPU time is well below its wall '
    "time), so these figures say nothing of the GIL.",
}


@cpu_threads.says(free_threaded=False, about_timing=True)
def threads_no_faster_with_the_gil(run: Run) -> bool:
    """The threads' line no faster than one after another (0.9: the runs' own noise): where
    the machine left the measurement the cores to compare wall times fairly."""
    threads, sequential = run.find(THREADS), run.find(ONE_AFTER_ANOTHER)
    same_work_same_cost(float(threads["cpu"]), float(sequential["cpu"]))
    held = float(threads["wall"]) >= 0.9 * float(sequential["wall"])
    return unless_busy(run, held, "compare")


BUSY = {  # no figure of the run: the same words for every run, so several runs say it once
    "zh": "构建本页的机器在测量时没有给这些线程留出足够的空闲 CPU 核心，{what}。",
    "en": "The machine that built this page left the threads too few free CPU cores {what}.",
}
TOO_FEW = {
    "compare": {
        "zh": "两种做法的墙钟时间无法公平地比较",
        "en": "for the wall times of two ways to compare fairly",
    },
    "parallel": {"zh": "不足以显示它们并行计算", "en": "to show them computing in parallel"},
}


def unless_busy(run: Run, held: bool, what: str) -> bool:
    """`held`, or the page says the machine was too busy to show `what` (a key of TOO_FEW)."""
    return run.unless_busy(
        held, **{lang: BUSY[lang].format(what=TOO_FEW[what][lang]) for lang in BUSY}
    )


@cpu_threads.figure(free_threaded=True)
def cores_without_the_gil(run: Run) -> str:
    return run.find(THREADS)["cores"]


@cpu_threads.says(free_threaded=True)
def the_free_threaded_build_ran_them_without_the_gil(run: Run) -> bool:
    """The GIL stayed off: nothing the program imported turned it back on."""
    return run.find(r"GIL enabled: (?P<enabled>\w+)")["enabled"] == "False"


@cpu_threads.says(free_threaded=True, about_timing=True)
def threads_compute_at_once_without_the_gil(run: Run) -> bool:
    """More than 1.3 cores busy and the threads clearly sooner than one after another: where
    the machine left them the cores to."""
    threads, sequential = run.find(THREADS), run.find(ONE_AFTER_ANOTHER)
    sooner = float(threads["wall"]) * 1.3 < float(sequential["wall"])
    return unless_busy(run, float(threads["cores"]) > 1.3 and sooner, "parallel")


# ------------------------------------------------------------------ races

COUNTED = r"expected (?P<expected>\d+)"
WITHOUT_LOCK = r"without a lock: counter = (?P<count>\d+)"
WITH_LOCK = r"with a lock: +counter = (?P<count>\d+)"


@lost_update.says
def the_locked_count_is_exact_the_other_never_above(run: Run) -> bool:
    expected = int(run.find(COUNTED)["expected"])
    locked, unlocked = int(run.find(WITH_LOCK)["count"]), int(run.find(WITHOUT_LOCK)["count"])
    return locked == expected and 0 < unlocked <= expected


APPENDED = r"len = (?P<length>\d+) of (?P<expected>\d+)"
CHECKED = r"× (?P<keys>\d+) keys: (?P<deleted>\d+) deleted"
POPPED = r"pop\(key, None\), .* × (?P<keys>\d+) keys: (?P<removed>\d+) removed, (?P<left>\d+) left"


@builtins.says
def no_append_is_lost(run: Run) -> bool:
    appended = run.find(APPENDED)
    return appended["length"] == appended["expected"]


@builtins.says
def every_key_is_deleted_once(run: Run) -> bool:
    checked = run.find(CHECKED)
    return checked["deleted"] == checked["keys"]


@builtins.says
def pop_removes_every_key_once(run: Run) -> bool:
    popped = run.find(POPPED)
    return popped["removed"] == popped["keys"] and popped["left"] == "0"


# ------------------------------------------------------------------ subinterpreters

IDS = r"this interpreter: id (?P<main>\d+); the one created: id (?P<other>\d+)"
NAMES = r"its __main__ says name = '(?P<name>[^']*)'; ours has 'name': (?P<ours>\w+)"
RAN_IN = r"ran in worker interpreters with ids \[(?P<ids>[\d, ]*)\]"
COPIES = r"the workers' copies of `calls` add up to (?P<sum>\d+)"
OURS = r"this interpreter's copy: (?P<calls>\d+)"
TASKS = r"(?P<tasks>\d+) tasks, InterpreterPoolExecutor"


@subinterpreters.says(python="<3.14")
def before_3_14_one_line(run: Run) -> bool:
    return len(run.lines) == 1 and "new in Python 3.14" in run.lines[0]


@subinterpreters.says(python=">=3.14")
def the_created_interpreter_has_its_own_main(run: Run) -> bool:
    ids, names = run.find(IDS), run.find(NAMES)
    return ids["main"] == "0" and ids["other"] != "0" and names["ours"] == "False"


@subinterpreters.says(python=">=3.14")
def the_exception_stays_in_the_other_interpreter(run: Run) -> bool:
    return run.find(r"exec\(\) of code that raises: (.*)$")[1] == "ExecutionFailed, of ValueError"


@subinterpreters.says(python=">=3.14")
def each_worker_has_its_own_module_state(run: Run) -> bool:
    ran_in = [int(i) for i in run.find(RAN_IN)["ids"].split(",") if i.strip()]
    return (
        bool(ran_in)
        and 0 not in ran_in
        and run.find(COPIES)["sum"] == run.find(TASKS)["tasks"]
        and run.find(OURS)["calls"] == "0"
    )


@subinterpreters.says(python=">=3.14")
def a_failing_task_raises_in_the_caller(run: Run) -> bool:
    """Its exception, or ExecutionFailed naming it where the exception could not be sent back."""
    return "ValueError" in run.find(r"a task that raises: its future holds (.*)$")[1]
