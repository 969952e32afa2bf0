"""What choosing/index says of its runs: the same work done each way, and how they compare.

The measuring program prints one line per way of doing the work (wall time; for the CPU-bound
work, the CPU time too); the page reads them as a reader does, draws them as a table and a
chart in its own language, and checks what its sentences say of them. (The timeline of the
same work in two threads, then two processes, is the GIL page's: statements/threads/gil.py.)
"""

import html
import math
import re

from markupsafe import Markup
from snippet_runner.statements import Block, CannotShow, Run, same_work_same_cost

models = Block("snippets/choosing/models_measure.py")

IO_HEADER = r"^I/O-bound: (?P<waits>\d+) waits of (?P<seconds>[\d.]+) s$"
CPU_HEADER = r"^CPU-bound: (?P<tasks>\d+) tasks of (?P<iterations>[\d_]+) iterations"
LINE = r"^  (?P<way>.+): (?P<wall>[\d.]+) s(?:, CPU time (?P<cpu>[\d.]+) s)?$"
POOL_SIZE = re.compile(r"(\d+)\)")
FREE = 1.6  # free cores a run needs to show work done on two cores at once

# The rows of the table and the chart: each way's kind, in the page's language.
KINDS = {
    "one after another": {"zh": "一个接一个", "en": "one after another"},
    "asyncio": {"zh": "asyncio，一个线程", "en": "asyncio, one thread"},
    "a thread per": {"zh": "每个任务一个线程", "en": "a thread per task"},
    "ThreadPoolExecutor": {"zh": "线程池", "en": "a thread pool"},
    "ProcessPoolExecutor": {"zh": "进程池", "en": "a process pool"},
}
WORDS = {
    "zh": {
        "io": "I/O 密集：{waits} 次等待，每次 {seconds} 秒",
        "cpu": "CPU 密集：{tasks} 个任务",
        "io_column": "I/O 密集",
        "cpu_column": "CPU 密集",
        "cores": "忙碌的核心",
        "computed": "（算出）",
        "title": "各种做法所用的秒数（越短越好）",
        "way": "做法",
        "busy": "构建本页的机器在测量时只留出了 {cpus} 个 CPU 核心中的 {free:.1f} 个，"
        "不足以显示多个进程并行计算。",
        "noisy": "构建本页的机器在测量时只留出了 {cpus} 个 CPU 核心中的 {free:.1f} 个，"
        "两种做法的墙钟时间无法公平地比较。",
        "starved": "构建本页的机器在测量时很忙：连“一个接一个”的计算也只得到了 {share:.2f} 个核心，"
        "所以线程的这些数字说明不了 GIL 的作用。",
    },
    "en": {
        "io": "I/O-bound: {waits} waits of {seconds} s",
        "cpu": "CPU-bound: {tasks} tasks",
        "io_column": "I/O-bound",
        "cpu_column": "CPU-bound",
        "cores": "cores busy",
        "computed": " (computed)",
        "title": "Seconds each way took (shorter is better)",
        "way": "way",
        "busy": "The machine that built this page left the measurement {free:.1f} of its {cpus} "
        "CPU cores free, too few to show processes computing in parallel.",
        "noisy": "The machine that built this page left the measurement {free:.1f} of its {cpus} "
        "CPU cores free, too few for the wall times of two ways to compare fairly.",
        "starved": "The machine that built this page was busy during the measurement: even one "
        "after another the computation had only {share:.2f} of a core, so the threads' figures "
        "say nothing of the GIL.",
    },
}


def section(run: Run, header: str) -> dict[str, dict[str, float]]:
    """The lines under `header`, by way: {"wall": seconds, "cpu": seconds (CPU-bound only)}."""
    run.find(header)  # a run that printed no such header fails here, naming it
    lines = run.lines
    start = next(i for i, line in enumerate(lines) if re.search(header, line))
    found = {}
    for line in lines[start + 1 :]:
        match = re.search(LINE, line)
        if match is None:
            break
        found[match["way"]] = {
            k: float(v) for k, v in match.groupdict().items() if k != "way" and v
        }
    return found


def io(run: Run) -> dict[str, dict[str, float]]:
    return section(run, IO_HEADER)


def cpu(run: Run) -> dict[str, dict[str, float]]:
    return section(run, CPU_HEADER)


def way(figures: dict[str, dict[str, float]], kind: str) -> dict[str, float]:
    """The figures of the way of `kind` ("asyncio", "a thread per", "ProcessPoolExecutor")."""
    return next(value for name, value in figures.items() if kind_of(name) == kind)


def kind_of(name: str) -> str:
    if "a thread per" in name:
        return "a thread per"
    return next(kind for kind in KINDS if name.startswith(kind))


def cores(figures: dict[str, float]) -> float:
    return figures["cpu"] / figures["wall"]


# ------------------------------------------------------------ figures: the seconds each way took

SECONDS = {  # a figure the sentences show: name -> the work, the kind of way, what it took
    "waits_in_turn": (io, "one after another", "wall"),
    "asyncio_waits": (io, "asyncio", "wall"),
    "thread_per_wait": (io, "a thread per", "wall"),
    "cpu_in_turn": (cpu, "one after another", "wall"),
    "asyncio_cpu": (cpu, "asyncio", "wall"),
    "threads_cpu": (cpu, "a thread per", "wall"),
    "threads_cores": (cpu, "a thread per", "cores"),
    "processes_cpu": (cpu, "ProcessPoolExecutor", "wall"),
    "processes_cores": (cpu, "ProcessPoolExecutor", "cores"),
}


def figure_of(name: str, work, kind: str, what: str) -> None:
    def read(run: Run) -> str:
        figures = way(work(run), kind)
        return f"{cores(figures) if what == 'cores' else figures[what]:.2f}"

    read.__name__ = name
    models.figure(read)


for name, (work, kind, what) in SECONDS.items():
    figure_of(name, work, kind, what)


# ------------------------------------------------------------------ I/O-bound


@models.says(about_timing=True)
def waits_overlap(run: Run) -> bool:
    """asyncio and a thread per wait: at least five times faster than the waits in turn."""
    figures = io(run)
    in_turn = way(figures, "one after another")["wall"]
    return all(way(figures, kind)["wall"] * 5 <= in_turn for kind in ("asyncio", "a thread per"))


@models.says
def pools_never_beat_their_rounds(run: Run) -> bool:
    """A pool of w workers has at most w waits in progress: n waits of d take at least
    ceil(n / w) rounds of d, however fast the machine."""
    waits = run.find(IO_HEADER)
    count, seconds = int(waits["waits"]), float(waits["seconds"])
    pools = [
        name for name in io(run) if kind_of(name) in ("ThreadPoolExecutor", "ProcessPoolExecutor")
    ]
    return bool(pools) and all(
        io(run)[name]["wall"] >= math.ceil(count / int(POOL_SIZE.search(name)[1])) * seconds
        for name in pools
    )


@models.says(about_timing=True)
def process_pool_pays_its_start(run: Run) -> bool:
    """The process pool took longer than the thread pool of the same size."""
    figures = io(run)
    held = way(figures, "ProcessPoolExecutor")["wall"] > way(figures, "ThreadPoolExecutor")["wall"]
    return unless_busy(run, held, "noisy")


# ------------------------------------------------------------------ CPU-bound


@models.figure
def processes_speedup(run: Run) -> str:
    figures = cpu(run)
    in_turn, pool = way(figures, "one after another"), way(figures, "ProcessPoolExecutor")
    return times(in_turn["wall"] / pool["wall"])


def unless_busy(run: Run, held: bool, why: str) -> bool:
    """`held`, or the page says `why` (a key of WORDS) the machine could not show it: a
    comparison of wall times needs the cores to itself, as parallel work does."""
    return run.unless_busy(held, free=FREE, **{lang: WORDS[lang][why] for lang in WORDS})


def comparable(run: Run, kind: str) -> tuple[dict[str, float], dict[str, float]]:
    """The figures of the way of `kind` and of one after another, where the machine gave the
    same computation about the same CPU time both ways (within 15 %: a virtual machine's speed
    can change by more from one run to the next); else the page says their wall times cannot
    be compared."""
    figures = cpu(run)
    one, other = way(figures, kind), way(figures, "one after another")
    same_work_same_cost(one["cpu"], other["cpu"])
    return one, other


def no_faster(run: Run, kind: str) -> bool:
    """The way of `kind` took at least 0.9 of one after another's wall time (0.9: the runs' own
    noise), once the difference in what the same work cost each way is allowed for."""
    one, other = comparable(run, kind)
    held = one["wall"] / other["wall"] >= 0.9 * one["cpu"] / other["cpu"]
    return unless_busy(run, held, "noisy")


@models.says(about_timing=True)
def asyncio_no_faster(run: Run) -> bool:
    """One thread runs every coroutine: no faster than one after another."""
    return no_faster(run, "asyncio")


@models.says(free_threaded=False)
def threads_keep_one_core(run: Run) -> bool:
    """With the GIL the threads never keep more than one core busy (1.1: the clocks are read at
    slightly different moments). No load can break it: load only lowers the ratio; where it
    lowered it so far that even one computation alone had much less than a core, the figure
    would mislead, and the page says why instead."""
    held = cores(way(cpu(run), "a thread per")) <= 1.1
    share = cores(way(cpu(run), "one after another"))
    if held and share < 0.8:
        raise CannotShow(**{lang: WORDS[lang]["starved"].format(share=share) for lang in WORDS})
    return held


@models.says(free_threaded=False, about_timing=True)
def threads_no_faster(run: Run) -> bool:
    return no_faster(run, "a thread per")


def processes_at_least(run: Run, speedup: float) -> bool:
    """The process pool, its start included, was at least `speedup` times as fast as one after
    another: where the machine left it the cores to show it."""
    pool, in_turn = comparable(run, "ProcessPoolExecutor")
    return unless_busy(run, in_turn["wall"] >= speedup * pool["wall"], "busy")


@models.says(on="fork", about_timing=True)
def processes_faster(run: Run) -> bool:
    """Forked workers start at once: the pool is at least ×1.4 as fast on two cores or more."""
    return processes_at_least(run, 1.4)


@models.says(on="spawn", about_timing=True)
def processes_faster_despite_spawning(run: Run) -> bool:
    """A spawned worker is a fresh interpreter that imports the program before it computes:
    the start costs more, and the pool is at least ×1.2 as fast."""
    return processes_at_least(run, 1.2)


@models.says(on="forkserver", about_timing=True)
def processes_faster_from_the_fork_server(run: Run) -> bool:
    """A worker forked by the fork server (which has imported the program once from 3.13.8 and
    3.14.1 on; before, every worker imported it again) starts slower than a fork of the
    program itself: the pool is at least ×1.2 as fast."""
    return processes_at_least(run, 1.2)


# ------------------------------------------------------------------ the table and the chart


def rows(run: Run) -> list[tuple[str, list[str], dict | None, dict | None]]:
    """One row per kind of way: its name, its executors' code, its I/O and CPU figures."""
    io_figures, cpu_figures = io(run), cpu(run)
    found = []
    for kind in KINDS:
        io_way = next((n for n in io_figures if kind_of(n) == kind), None)
        cpu_way = next((n for n in cpu_figures if kind_of(n) == kind), None)
        code = [n.split(",")[0] for n in (io_way, cpu_way) if n and "Executor(" in n]
        found.append((kind, code, io_figures.get(io_way or ""), cpu_figures.get(cpu_way or "")))
    return found


def speedup(figures: dict | None, base: dict) -> str:
    if figures is None:
        return "—"
    return f"{figures['wall']:.2f} s (×{times(base['wall'] / figures['wall'])})"


def times(ratio: float) -> str:
    return f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"


@models.figure
def models_table(run: Run) -> Markup:
    """Every way's wall time and its speed-up over one after another, and how many cores the
    CPU-bound work kept busy, in the page's language."""
    words = WORDS[run.language]
    head = [words["way"], words["io_column"], words["cpu_column"], words["cores"]]
    found = rows(run)
    _, _, io_base, cpu_base = found[0]
    body = []
    for kind, code, io_way, cpu_way in found:
        name = html.escape(KINDS[kind][run.language])
        label = name + "".join(f"<br><code>{html.escape(c)}</code>" for c in code)
        if kind == "one after another":
            io_cell = f"{io_way['wall']:.2f} s{words['computed']}"
            cpu_cell = f"{cpu_way['wall']:.2f} s"
        else:
            io_cell, cpu_cell = speedup(io_way, io_base), speedup(cpu_way, cpu_base)
        busy = f"{cores(cpu_way):.2f}" if cpu_way else "—"
        body.append([label, io_cell, cpu_cell, busy])
    return Markup(
        # A table with no class of its own: the theme styles it as the page's other tables.
        '<div class="models-measured"><table><thead><tr>'
        + "".join(f"<th>{html.escape(cell)}</th>" for cell in head)
        + "</tr></thead><tbody>"
        + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in body)
        + "</tbody></table></div>"
    )


@models.figure
def models_chart(run: Run) -> Markup:
    """The same figures as bars, a panel for each kind of work; the theme's colours, so both
    colour schemes work, and the figures in words for a screen reader."""
    words = WORDS[run.language]
    waits, tasks = run.find(IO_HEADER).groupdict(), run.find(CPU_HEADER).groupdict()
    label_width, bar_width, row_height = 190, 320, 22
    parts, said, y = [], [], 0
    for column, title in ((2, words["io"].format(**waits)), (3, words["cpu"].format(**tasks))):
        bars = [(KINDS[row[0]][run.language], row[column]) for row in rows(run) if row[column]]
        longest = max(figures["wall"] for _, figures in bars)
        y += 20
        parts.append(f'<text x="0" y="{y}" font-weight="bold">{html.escape(title)}</text>')
        y += 8
        for name, figures in bars:
            length = max(2.0, bar_width * figures["wall"] / longest)
            parts.append(
                f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">'
                f"{html.escape(name)}</text>"
                f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" '
                f'height="{row_height - 6}" style="fill:var(--md-primary-fg-color,#3f51b5)"/>'
                f'<text x="{label_width + length + 6:.1f}" y="{y + 15}">'
                f"{figures['wall']:.2f} s</text>"
            )
            said.append(f"{title}, {name}: {figures['wall']:.2f} s")
            y += row_height
        y += 12
    width = label_width + bar_width + 70
    return Markup(
        f'<svg class="models-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {y}" role="img" '
        f'aria-label="{html.escape(words["title"])}. {html.escape("; ".join(said))}" '
        f'style="max-width:{width}px;width:100%;height:auto;font-size:13px;fill:currentColor">'
        f"<title>{html.escape(words['title'])}</title>{''.join(parts)}</svg>"
    )
