"""What threads/gil says of its run: on the timeline, threads take turns, processes do not.

The timeline's lanes were sampled from outside the program (`snippet_runner.oncpu`): when
each thread and process was on a CPU, and what it waited for meanwhile.
"""

from snippet_runner import oncpu
from snippet_runner.statements import Block, CannotShow, Run

both_ways = Block("snippets/threads/cpu_threads_and_processes.py")

THREADS, PROCESSES = ["thread-"], ["process-"]  # the lanes, as the program names them
FREE = 1.6  # free cores a run needs for two lanes to compute at once (and its looks on time)

CANNOT = {
    "zh": "构建本页的机器在这次运行时被其他工作占着 CPU 核心（平均只留出 {cpus} 个中的 "
    "{free:.1f} 个），时间线显示不了{what}。",
    "en": "Other work kept the CPU cores of the machine that built this page busy during this "
    "run (it left {free:.1f} of {cpus} free, on average): its timeline cannot show {what}.",
}
BLURRED = {
    "zh": "这次运行的采样太粗，显示不出两个线程的轮流：每一轮都不比两次采样之间的几毫秒长多少，"
    "时间线因此在许多次采样里把两个线程都画成在 CPU 上，但几乎没有哪一次采样能表明它们真的同时在 "
    "CPU 上。",
    "en": "This run's samples were too coarse to show the two threads' turns: the turns were "
    "short next to the few milliseconds between two samples, so the timeline draws both on a CPU "
    "in many of the same samples, yet almost none of them shows the two on CPUs at the same "
    "moment.",
}
WHAT = {
    "turns": {"zh": "两个线程轮流运行", "en": "the two threads taking turns"},
    "gil": {"zh": "两个线程等待 GIL", "en": "the two threads waiting for the GIL"},
    "thread-": {"zh": "两个线程同时在 CPU 上", "en": "the two threads on CPUs at once"},
    "process-": {"zh": "两个进程同时在 CPU 上", "en": "the two processes on CPUs at once"},
}


def unless_busy(run: Run, held: bool, what: str, starved: bool = False) -> bool:
    """`held`, or the page says the machine was too busy to show `what` (a key of WHAT): other
    work kept the cores, the lanes were `starved` of a CPU, the sampler's looks came late."""
    words = {lang: text.replace("{what}", WHAT[what][lang]) for lang, text in CANNOT.items()}
    return run.unless_busy(held, free=FREE, starved=starved, **words)


@both_ways.figure(free_threaded=False)
def threads_on_cpu_together(run: Run) -> str:
    """The share of their span the two threads were on a CPU together, in per cent."""
    return f"{100 * oncpu.on_cpu_together(run.sampled, THREADS):.0f}"


@both_ways.says(free_threaded=False)
def the_threads_took_turns(run: Run) -> bool:
    """Never proven on a CPU at once (no load can make that untrue of threads under one GIL),
    and about together for a small share at most (`oncpu.took_turns`)."""
    turns = oncpu.took_turns(run.sampled, THREADS)
    if turns is None:  # shared slices, never proven at once: the looks could not tell
        unless_busy(run, False, "turns")  # a busy machine's looks come late: it says so
        raise CannotShow(**BLURRED)  # a quiet machine's can still fall between the turns
    return turns


@both_ways.says(free_threaded=False)
def each_thread_waited_for_the_gil(run: Run) -> bool:
    """Each thread, when neither computing nor ready for a CPU, waited for the GIL above all
    (one mostly ready for a CPU, on a busy machine, may be seen in no wait at all)."""
    return unless_busy(run, oncpu.each_waited_above_all(run.sampled, THREADS, "gil"), "gil")


def at_once(run: Run, lanes: list[str]) -> bool:
    """The two lanes were proven on CPUs at the same time (for `oncpu.PROVEN_SHARE` of their
    span: a process's start and end, and the kernel's ticks, take much of the rest). Lanes
    that were not, while ready for a CPU, did not have the cores to show it."""
    timeline = run.sampled
    held = oncpu.most_on_cpu_at_once(timeline, lanes) >= 2
    return unless_busy(run, held, lanes[0], starved=oncpu.starved(timeline, lanes))


@both_ways.says
def the_processes_were_on_cpus_at_once(run: Run) -> bool:
    return at_once(run, PROCESSES)


@both_ways.says(free_threaded=True)
def the_free_threaded_threads_were_on_cpus_at_once(run: Run) -> bool:
    return at_once(run, THREADS)
