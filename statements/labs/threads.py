"""What the threads lab says of its run: waits overlap in threads, computation takes turns
under the GIL, and a lock loses no update."""

import re

from snippet_runner.statements import CannotShow, Notebook, Run

lab = Notebook("docs/labs/threads.ipynb")

WAITS = r"^20 waits, {how}: +(?P<seconds>[\d.]+) s"
CORES = r"^two computations, {how} *: (?P<wall>[\d.]+) s, CPU (?P<cpu>[\d.]+) s, (?P<cores>[\d.]+)"


def waits(run: Run, how: str) -> float:
    return float(re.search(WAITS.format(how=how), run.cell("waits"), re.M)["seconds"])


def computed(run: Run, how: str) -> re.Match[str]:
    found = re.search(CORES.format(how=how), run.cell("gil"), re.M)
    if found is None:
        raise ValueError(f"the gil cell printed no line for {how}")
    return found


def counted(run: Run, how: str) -> int:
    return int(re.search(rf"^{how}: +(\d+)", run.cell("lost-updates"), re.M)[1])


@lab.figure
def waits_in_turn(run: Run) -> str:
    return f"{waits(run, 'one after another'):.2f}"


@lab.figure
def waits_in_threads(run: Run) -> str:
    return f"{waits(run, '20 threads'):.2f}"


@lab.says(about_timing=True)
def waits_overlap_in_threads(run: Run) -> bool:
    return waits(run, "20 threads") * 5 <= waits(run, "one after another")


@lab.figure(free_threaded=False)
def threads_cores(run: Run) -> str:
    return computed(run, "two threads")["cores"]


@lab.says(free_threaded=False)
def threads_keep_one_core(run: Run) -> bool:
    """With the GIL the threads keep one core busy at most (1.1: the two clocks are read at
    slightly different moments); load only lowers the ratio."""
    threads = computed(run, "two threads")
    held = float(threads["cpu"]) <= 1.1 * float(threads["wall"])
    alone = float(computed(run, "one after another")["cores"])
    if held and alone < 0.8:  # the figure would read as the GIL's doing: say why it is not
        raise CannotShow(
            zh=f"构建本页的机器在测量时很忙：连“一个接一个”的计算也只得到了 {alone:.2f} 个核心，"
            "所以线程的这些数字说明不了 GIL 的作用。",
            en=f"The machine that built this page was busy during the measurement: even one after "
            f"another the computation had only {alone:.2f} of a core, so the threads' figures say "
            "nothing of the GIL.",
        )
    return held


@lab.says(free_threaded=False, about_timing=True)
def threads_no_faster(run: Run) -> bool:
    """No faster than one after another (0.9: the runs' own noise), where the machine left the
    cell the cores to compare wall times fairly."""
    threads, sequential = computed(run, "two threads"), computed(run, "one after another")
    return run.unless_busy(
        float(threads["wall"]) >= 0.9 * float(sequential["wall"]),
        zh="这次测量时只有 {free:.1f} 个空闲的 CPU 核心，两种做法的墙钟时间无法公平地比较。",
        en="Only {free:.1f} CPU cores were free for this measurement: too few for "
        "the wall times of two ways to compare fairly.",
    )


@lab.figure
def unlocked_count(run: Run) -> str:
    return str(counted(run, "without a lock"))


@lab.says
def the_lock_loses_no_update(run: Run) -> bool:
    return counted(run, "with a lock") == 4000 and counted(run, "without a lock") <= 4000
