"""A timeline drawn for the page: an inline SVG, its text alternative, in the page's language.

One lane per process, thread and asyncio task, grouped by process (children indented under
their parent), labelled with the names the output prints; a time axis in ms. A process or
thread sampled from outside (`sampler`) shows, in each pixel's column of its bar, how much of
that time it was on a CPU (filled from the bottom), ready for one, and blocked in which kind
of wait (the rest, coloured by kind). Work items (a pool's tasks) are outlined on the lane
that ran them, greenlets' runs filled, semaphore holds underlined; a zombie is an outline
after its process's end. Colours come from the theme's CSS variables and `currentColor`
(extra.css), so light and dark themes both work; the SVG keeps its width and scrolls inside
its box on a phone. `<title>` and `<desc>` name it for screen readers, and a text alternative
under it says what overlapped what, which siblings were on a CPU at once and for how long,
and lists every lane with its time on a CPU and its waits.
"""

from __future__ import annotations

import html
import math
import threading
from collections.abc import Callable
from typing import Any

from . import oncpu
from .sampler import WAITS
from .timeline import Timeline, label, overlaps, shown_tasks, shown_threads

WIDTH, LABELS, RIGHT, ROW, BAR, TOP, AXIS, LEGEND = 720, 170, 18, 20, 12, 6, 30, 20
PLOT = WIDTH - LABELS - RIGHT
TRACE_LINK = "{trace}"  # replaced by the page with the trace file's address
ABOUT = "{about}"  # replaced by the page: which run it is, when the block ran several

WORDS = {
    "zh": {
        "figure": "时间线",
        "title": "这次运行的时间线",
        "desc": "每个进程、线程、asyncio 任务和 greenlet 各占一条泳道，"
        "横轴是从第一个进程启动算起的毫秒数。进程和线程的泳道按每几毫秒一次从外部采样，"
        "画出它何时在 CPU 上、何时就绪等待 CPU、何时在等待什么。",
        "as_text": "时间线的文字说明",
        "lane": "泳道",
        "from": "开始（毫秒）",
        "to": "结束（毫秒）",
        "note": "说明",
        "process": "进程",
        "thread": "线程",
        "task": "任务",
        "ms": "毫秒",
        "trace": "下载这次运行的跟踪文件（trace）",
        "open": "（Chrome trace-event JSON 格式，"
        "可在 ui.perfetto.dev 或 Chrome 的 chrome://tracing 中打开）",
        "processes_serial": "{where} 启动的 {count} 个进程依次运行，没有两个同时运行。",
        "processes_all": "{where} 启动的 {count} 个进程曾在同一时刻全部存活。",
        "processes_both": "{where} 启动的两个进程曾同时存活。",
        "threads_both": "{where} 的两个线程（主线程以外）曾同时存活。",
        "tasks_both": "{where} 的两个 asyncio 任务曾同时存在。",
        "processes_most": "{where} 启动的 {count} 个进程中，同一时刻最多有 {most} 个存活。",
        "threads_serial": "{where} 的 {count} 个线程（主线程以外）依次运行，没有两个同时运行。",
        "threads_all": "{where} 的 {count} 个线程（主线程以外）曾在同一时刻全部存活。",
        "threads_most": "{where} 的 {count} 个线程（主线程以外）中，同一时刻最多有 {most} 个存活。",
        "tasks_serial": "{where} 的 {count} 个 asyncio 任务依次存在，没有两个同时存在。",
        "tasks_all": "{where} 的 {count} 个 asyncio 任务曾在同一时刻全部存在。",
        "tasks_most": "{where} 的 {count} 个 asyncio 任务中，同一时刻最多有 {most} 个存在。",
        "work_serial": "{count} 个工作项（池里的任务）依次执行，没有两个同时执行。",
        "work_all": "{count} 个工作项（池里的任务）曾在同一时刻全部在执行。",
        "work_most": "{count} 个工作项（池里的任务）中，同一时刻最多有 {most} 个在执行。",
        "holds_serial": "信号量先后被获取 {count} 次，同一时刻最多只有 1 个持有者。",
        "holds_all": "信号量被获取 {count} 次，所有持有者曾同时持有它。",
        "holds_most": "信号量先后被获取 {count} 次，同一时刻最多有 {most} 个持有者。",
        "greenlets_serial": "{where} 的 {count} 个 greenlet 轮流运行：任何时刻只有一个在运行。",
        "greenlets_all": "{where} 的 {count} 个 greenlet 曾同时在运行。",
        "greenlets_most": "{where} 的 {count} 个 greenlet 中，同一时刻最多有 {most} 个在运行。",
        "greenlet": "greenlet",
        "legend_process": "进程",
        "legend_thread": "线程",
        "legend_task": "任务",
        "legend_greenlet": "greenlet",
        "legend_work": "工作项",
        "legend_run": "运行中",
        "legend_oncpu": "在 CPU 上",
        "legend_ready": "就绪，等待 CPU",
        "legend_gil": "等待 GIL",
        "legend_lock": "等待锁",
        "legend_sleep": "休眠",
        "legend_io": "等待 I/O 或事件",
        "legend_child": "等待子进程",
        "on_cpu": "在 CPU 上（占其存在时间）",
        "waited": "等待",
        "on_cpu_share": "{share}%",
        "waited_for": "{kind} {ms} 毫秒",
        "wait_total": "{label}：{kind}，共 {ms} 毫秒",
        "cpu_never": "从第一个开始到最后一个结束的 {span} 毫秒里，"
        "采样中没有一次显示{whom}中有两个同时在 CPU 上。",
        "cpu_apart": "{whom}大多数时候一次只有一个在 CPU 上：按每几毫秒一次的采样，"
        "从第一个开始到最后一个结束的 {span} 毫秒里，同时在 CPU 上的时间约占 {about}%。",
        "cpu_turns": "{whom}轮流在 CPU 上运行：按每几毫秒一次的采样，"
        "从第一个开始到最后一个结束的 {span} 毫秒里，同时在 CPU 上的时间约占 {about}%；"
        "其余时间它们在等待 GIL（共 {gil} 毫秒）。",
        "cpu_together": "{whom}曾同时在 CPU 上运行：从第一个开始到最后一个结束的 {span} 毫秒里，"
        "至少 {proven}% 的时间有 {count} 个同时在 CPU 上。",
        "cpu_about": "按每几毫秒一次的采样，{whom}同时在 CPU 上的时间"
        "约占从第一个开始到最后一个结束的 {span} 毫秒的 {about}%。",
        "cpu_ready": "它们还有共 {ms} 毫秒处于就绪状态、在等待空闲的 CPU。",
        "whom_processes": "{where} 启动的 {count} 个进程",
        "whom_threads": "{where} 的 {count} 个线程（主线程以外）",
        "legend_hold": "持有信号量",
        "legend_zombie": "僵尸进程",
        "hold": "持有信号量",
        "reused": "{where} 先后执行了 {count} 个工作项：{names}。",
        "zombie": "{where} 结束后成了僵尸进程，{ms} 毫秒后才被父进程回收。",
        "signal": "{where} 被信号 {signal} 结束。",
        "runner": "{where} 在程序结束时仍在运行，由构建终止。",
        "cut_off": "{where} 随所在进程结束而被截断，没有正常结束。",
        "cancelled": "任务 {where} 被取消。",
        "failed": "任务 {where} 以异常结束。",
        "zombie_note": "僵尸进程，直到 {ms} 毫秒",
        "cut_note": "被截断",
        "state_cancelled": "已取消",
        "state_failed": "以异常结束",
        "separator": "，",
        "names_separator": "、",
    },
    "en": {
        "figure": "Timeline",
        "title": "Timeline of this run",
        "desc": "One lane per process, thread, asyncio task and greenlet; the axis shows "
        "milliseconds since the first process started. A process's or thread's lane, sampled "
        "from outside every few milliseconds, shows when it was on a CPU, ready for one, or "
        "waiting, and for what.",
        "as_text": "The timeline as text",
        "lane": "Lane",
        "from": "From (ms)",
        "to": "To (ms)",
        "note": "Note",
        "process": "process",
        "thread": "thread",
        "task": "task",
        "ms": "ms",
        "trace": "Download this run's trace",
        "open": " (Chrome trace-event JSON: open it at ui.perfetto.dev or in Chrome's "
        "chrome://tracing).",
        "processes_serial": "The {count} processes started by {where} ran one after another, "
        "never two at once.",
        "processes_all": "All {count} processes started by {where} were alive at one moment.",
        "processes_both": "Both processes started by {where} were alive at one moment.",
        "threads_both": "Both threads of {where} (besides its main thread) were alive at one "
        "moment.",
        "tasks_both": "Both asyncio tasks of {where} existed at one moment.",
        "processes_most": "Of the {count} processes started by {where}, at most {most} were "
        "alive at once.",
        "threads_serial": "The {count} threads of {where} (besides its main thread) ran one "
        "after another, never two at once.",
        "threads_all": "All {count} threads of {where} (besides its main thread) were alive "
        "at one moment.",
        "threads_most": "Of the {count} threads of {where} (besides its main thread), at most "
        "{most} were alive at once.",
        "tasks_serial": "The {count} asyncio tasks of {where} existed one after another.",
        "tasks_all": "All {count} asyncio tasks of {where} existed at one moment.",
        "tasks_most": "Of the {count} asyncio tasks of {where}, at most {most} existed at once.",
        "work_serial": "The {count} work items (a pool's tasks) ran one after another.",
        "work_all": "All {count} work items (a pool's tasks) were running at one moment.",
        "work_most": "Of the {count} work items (a pool's tasks), at most {most} ran at once.",
        "holds_serial": "The semaphore was acquired {count} times, by one holder at a time.",
        "holds_all": "The semaphore was acquired {count} times, all holders at one moment.",
        "holds_most": "The semaphore was acquired {count} times, by at most {most} holders "
        "at once.",
        "greenlets_serial": "The {count} greenlets of {where} took turns: one ran at a time.",
        "greenlets_all": "All {count} greenlets of {where} were running at one moment.",
        "greenlets_most": "Of the {count} greenlets of {where}, at most {most} ran at once.",
        "greenlet": "greenlet",
        "legend_process": "process",
        "legend_thread": "thread",
        "legend_task": "task",
        "legend_greenlet": "greenlet",
        "legend_work": "work item",
        "legend_run": "running",
        "legend_oncpu": "on a CPU",
        "legend_ready": "ready, waiting for a CPU",
        "legend_gil": "waiting for the GIL",
        "legend_lock": "waiting on a lock",
        "legend_sleep": "asleep",
        "legend_io": "waiting for I/O or events",
        "legend_child": "waiting for a child process",
        "on_cpu": "On a CPU (of its life)",
        "waited": "Waited",
        "on_cpu_share": "{share} %",
        "waited_for": "{kind} {ms} ms",
        "wait_total": "{label}: {kind}, {ms} ms in all",
        "cpu_never": "{whom} were not once seen on a CPU at the same time in the samples of "
        "the {span} ms from the first one's start to the last one's end.",
        "cpu_apart": "{whom} were mostly on a CPU one at a time: sampled every few "
        "milliseconds, two or more at once for about {about} % of the {span} ms from the "
        "first one's start to the last one's end.",
        "cpu_turns": "{whom} took turns on the CPU: sampled every few milliseconds, two or "
        "more at once for about {about} % of the {span} ms from the first one's start to the "
        "last one's end; meanwhile they waited for the GIL ({gil} ms in all).",
        "cpu_together": "{whom} were on CPUs at the same time: {count} at once for at least "
        "{proven} % of the {span} ms from the first one's start to the last one's end.",
        "cpu_about": "{whom} were on a CPU at the same time for about {about} % of the {span} "
        "ms from the first one's start to the last one's end, sampled every few milliseconds.",
        "cpu_ready": "They were also ready and waiting for a free CPU, {ms} ms in all.",
        "whom_processes": "The {count} processes started by {where}",
        "whom_threads": "The {count} threads of {where} (besides its main thread)",
        "legend_hold": "holding a semaphore",
        "legend_zombie": "zombie",
        "hold": "holding the semaphore",
        "reused": "{where} ran {count} work items one after another: {names}.",
        "zombie": "{where} was a zombie for {ms} ms: it had ended, and its parent had not yet "
        "reaped it.",
        "signal": "{where} was ended by {signal}.",
        "runner": "{where} was still running when the program ended; the build ended it.",
        "cut_off": "{where} was cut off when its process ended, unfinished.",
        "cancelled": "Task {where} was cancelled.",
        "failed": "Task {where} ended with an exception.",
        "zombie_note": "zombie until {ms} ms",
        "cut_note": "cut off",
        "state_cancelled": "cancelled",
        "state_failed": "ended with an exception",
        "separator": "; ",
        "names_separator": ", ",
    },
}


def ms(us: int) -> str:
    return f"{us / 1000:.1f}".removesuffix(".0")


def step_of(duration_ms: float) -> float:
    """A round tick interval giving at most six ticks."""
    raw = max(duration_ms, 1e-3) / 6
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def rows_of(timeline: Timeline, words: dict) -> list[dict]:
    """Every lane of the drawing, in order, with what is drawn on it."""
    rows = []
    for process in timeline["processes"]:
        pid, depth = process["pid"], process["depth"]
        on_main = [w for w in process["work"] if w["tid"] == pid]
        rows.append(
            {
                "kind": "process",
                "label": label(process),
                "indent": depth,
                "start": process["start"],
                "end": process["end"],
                "zombie_until": process.get("zombie_until"),
                "ended": process["ended"],
                "marks": on_main,
                "cpu": process.get("cpu", []),
            }
        )
        for thread in shown_threads(process):
            marks = [w for w in process["work"] if w["tid"] == thread["tid"]]
            marks += [h for h in process["holds"] if h["tid"] == thread["tid"]]
            rows.append(
                {
                    "kind": "thread",
                    "label": thread["name"],
                    "indent": depth + 1,
                    "start": thread["start"],
                    "end": thread["end"],
                    "cut_off": thread.get("cut_off", False),
                    "marks": marks,
                    "cpu": thread.get("cpu", []),
                }
            )
        for task in shown_tasks(process):
            rows.append(
                {
                    "kind": "task",
                    "label": task["name"],
                    "indent": depth + 1,
                    "start": task["start"],
                    "end": task["end"],
                    "state": task.get("state", ""),
                    "cut_off": task.get("cut_off", False),
                    "marks": [],
                }
            )
        for glet in process.get("greenlets", ()):
            rows.append(
                {
                    "kind": "greenlet",
                    "label": glet["name"],
                    "indent": depth + 1,
                    "start": glet["start"],
                    "end": glet["end"],
                    "marks": [run | {"name": glet["name"]} for run in glet["runs"]],
                }
            )
    return rows


def sentences(timeline: Timeline, words: dict) -> list[str]:
    """What the picture shows, as sentences: overlaps first, then how things ended."""
    said = []
    for found in overlaps(timeline):
        shape = (
            "serial" if found["most"] == 1 else "all" if found["most"] == found["count"] else "most"
        )
        if shape == "all" and found["count"] == 2:
            shape = "both" if f"{found['kind']}_both" in words else shape
        said.append(words[f"{found['kind']}_{shape}"].format(**found))
    said += cpu_sentences(timeline, words)
    for process in timeline["processes"]:
        name = label(process)
        workers: dict[int, list[dict]] = {}
        for work in process["work"]:
            workers.setdefault(work["tid"], []).append(work)
        for tid, items in workers.items():
            if len(items) > 1:
                where = name if tid == process["pid"] else _thread_name(process, tid)
                names = words["names_separator"].join(w["name"] for w in items)
                said.append(words["reused"].format(where=where, count=len(items), names=names))
        if process["ended"] not in ("exit", "reaped", "runner"):
            said.append(words["signal"].format(where=name, signal=process["ended"]))
        elif process["ended"] == "runner":
            said.append(words["runner"].format(where=name))
        if process.get("zombie_until"):
            zombie = ms(process["zombie_until"] - process["end"])
            said.append(words["zombie"].format(where=name, ms=zombie))
        for thread in shown_threads(process):
            if thread.get("cut_off"):
                said.append(words["cut_off"].format(where=thread["name"]))
        for task in shown_tasks(process):
            if task.get("state") in ("cancelled", "failed"):
                said.append(words[task["state"]].format(where=task["name"]))
    return said


APART = 0.1  # two or more siblings at once for at most this share: mostly one at a time
TOGETHER = 0.5  # … for at least this share: they computed at the same time


def percent(share: float, bound: str) -> str:
    """A share as a percentage, rounded the way that keeps a bound true ("most": up); to a
    tenth below 1 %; a measure, not a bound ("near"): to the nearest."""
    value = 100 * share
    rounding = {"most": math.ceil, "least": math.floor}.get(bound, round)
    return f"{rounding(value * 10) / 10:g}" if value < 1 else str(rounding(value))


# What a drawing computes of its timeline in any language, kept for the next language's
# drawing of the same timeline (each thread drawing keeps its own).
_computed = threading.local()


def once_per_timeline(timeline: Timeline, key: object, compute: Callable[[], Any]) -> Any:
    """`compute()`, or what it returned for `key` when this thread last drew `timeline`."""
    if getattr(_computed, "timeline", None) is not timeline:
        _computed.timeline, _computed.values = timeline, {}
    if key not in _computed.values:
        _computed.values[key] = compute()
    return _computed.values[key]


def cpu_sentences(timeline: Timeline, words: dict) -> list[str]:
    """What the samples say of each group of siblings that computed: were they on a CPU at
    once (proven, or about, as sampled), did they wait for the GIL, or for a free CPU."""
    said = []
    groups = once_per_timeline(timeline, "groups", lambda: oncpu.busy_groups(timeline))
    for group in groups:
        whom = words[f"whom_{group['kind']}"].format(where=group["where"], count=group["count"])
        together, strongest = group["together"], group["most_together"]
        figures = {
            "whom": whom,
            "span": ms(together.span),
            "about": percent(together.share("least"), "near"),
            "proven": percent(strongest.share("proven"), "least"),
            "gil": ms(group["gil"]),
            "count": group["most"],
        }
        if not together.least:
            said.append(words["cpu_never"].format(**figures))
        elif together.share("least") <= APART:
            turns = group["gil"] >= APART * together.span
            said.append(words["cpu_turns" if turns else "cpu_apart"].format(**figures))
        elif group["most"] >= 2 and strongest.share("proven") >= TOGETHER:
            said.append(words["cpu_together"].format(**figures))
        else:
            said.append(words["cpu_about"].format(**figures))
        if group["ready"] >= APART * together.span:
            said.append(words["cpu_ready"].format(ms=ms(group["ready"])))
    return said


def mark_kind(mark: dict) -> str:
    """A semaphore held ("hold"), a work item ("work"), or a greenlet's run ("run")."""
    return "hold" if "semaphore" in mark else "work" if "tid" in mark else "run"


def mark_layer(mark: dict) -> int:
    return {"run": 0, "work": 1, "hold": 2}[mark_kind(mark)]


LEGEND_ORDER = (
    "process", "thread", "task", "greenlet", "oncpu", "ready", *WAITS,
    "work", "run", "hold", "zombie",
)  # fmt: skip


def legend(used: set[str], top: float, words: dict) -> list[str]:
    """A swatch and a word for each kind of bar the drawing has, in rows of the plot's width."""
    parts, left = [], float(LABELS)
    for kind in (kind for kind in LEGEND_ORDER if kind in used):
        text = words[f"legend_{kind}"]
        width = 26 + 6.6 * sum(2 if ord(c) > 0x2E80 else 1 for c in text)
        if left > LABELS and left + width > WIDTH:
            left, top = float(LABELS), top + LEGEND
        parts.append(
            f'<rect class="tl-{kind}" x="{left}" y="{top - 9}" width="14" height="10"/>'
            f'<text x="{left + 18}" y="{top}">{html.escape(text)}</text>'
        )
        left += width
    return parts


def legend_rows(used: set[str], words: dict) -> int:
    """How many rows `legend` takes."""
    tops = {part.split('y="', 1)[1].split('"', 1)[0] for part in legend(used, 0.0, words)}
    return max(len(tops), 1)


def columns(slices: list[list], duration: int) -> list[tuple[int, int, int, int, str]]:
    """A sampled lane as runs of the plot's pixel columns: (first column, column after the
    last, px of the bar on a CPU, px ready for one, the wait of the rest or ""): a column's
    time on a CPU, ready and blocked is what its slices spent in it, spread evenly. Columns
    within one slice are alike: each slice gives one run, and its two ends' columns."""
    per_column = duration / PLOT
    pieces: list[tuple[int, int, tuple[int, int, str]]] = []
    ends: dict[int, list] = {}  # a column a slice begins or ends in -> what it holds, summed
    for start, end, busy, ready, wait in slices:
        length = max(end - start, 1)
        blocked = {wait: max(0, length - busy - ready)} if wait else {}
        whole = (math.ceil(start / per_column), min(math.floor(end / per_column), PLOT))
        if whole[0] < whole[1]:
            pieces.append((*whole, _heights(length, busy, ready, blocked)))
        for column in {int(start / per_column), min(int(end / per_column), PLOT - 1)}:
            if whole[0] <= column < whole[1]:
                continue
            inside = min(end, (column + 1) * per_column) - max(start, column * per_column)
            if inside > 0:
                share = inside / length
                found = ends.setdefault(column, [0.0, 0.0, 0.0, {}])
                found[:3] = [found[0] + inside, found[1] + busy * share, found[2] + ready * share]
                for kind, time in blocked.items():
                    found[3][kind] = found[3].get(kind, 0.0) + time * share
    pieces += [(column, column + 1, _heights(*sums)) for column, sums in ends.items()]
    runs: list[tuple[int, int, int, int, str]] = []
    for first, after, heights in sorted(pieces):
        if runs and runs[-1][1] == first and runs[-1][2:] == heights:
            runs[-1] = (runs[-1][0], after, *heights)
        else:
            runs.append((first, after, *heights))
    return runs


def _heights(covered: float, busy: float, ready: float, blocked: dict) -> tuple[int, int, str]:
    """Px of a column's bar on a CPU and ready, and the wait that colours the rest: the one
    it mostly blocked in."""
    on = round(BAR * min(busy / covered, 1.0))
    waiting = min(BAR - on, round(BAR * min((busy + ready) / covered, 1.0)) - on)
    wait = max(blocked, key=blocked.get) if any(blocked.values()) else ""
    return on, waiting, wait


def usage(row: dict, middle: float, runs: list, words: dict, used: set[str]) -> list[str]:
    """The bar of a sampled lane, its `columns`: on a CPU from the bottom, ready above it,
    then its wait; one path per kind, its title saying how long in all."""
    paths: dict[str, list[str]] = {}
    bottom = middle + BAR / 2
    for first, after, on, ready, wait in runs:
        left, width = LABELS + first, after - first
        for kind, top, height in (
            ("oncpu", bottom - on, on),
            ("ready", bottom - on - ready, ready),
            (wait, bottom - BAR, BAR - on - ready),
        ):
            if kind and height > 0:
                paths.setdefault(kind, []).append(f"M{left} {top}h{width}v{height}h-{width}z")
    totals = oncpu.waits_of(row["cpu"]) | {"oncpu": sum(p[2] for p in row["cpu"]) / 1e6}
    parts = []
    for kind in ("oncpu", "ready", *WAITS):
        if kind in paths:
            used.add(kind)
            tip = words["wait_total"].format(
                label=row["label"], kind=words[f"legend_{kind}"], ms=ms(totals.get(kind, 0) * 1e6)
            )
            parts.append(
                f'<path class="tl-{kind}" d="{"".join(paths[kind])}">'
                f"<title>{html.escape(tip)}</title></path>"
            )
    return parts


def _thread_name(process: dict, tid: int) -> str:
    return next((t["name"] for t in process["threads"] if t["tid"] == tid), str(tid))


def _x(us: float, duration: int) -> float:
    """Where a moment (µs from the start) is on the plot."""
    return round(LABELS + PLOT * min(us, duration) / duration, 1)


def _row(row: dict, number: int, duration: int, runs: list, words: dict, used: set[str]) -> str:
    """One lane of the drawing: its stripe, label, bar and what is drawn on it."""
    parts = []
    top = TOP + number * ROW
    middle = top + ROW / 2
    if number % 2:
        parts.append(f'<rect class="tl-stripe" x="0" y="{top}" width="{WIDTH}" height="{ROW}"/>')
    room = 24 - 2 * row["indent"]  # characters that fit beside the plot at this depth
    text = row["label"] if len(row["label"]) <= room else row["label"][: room - 1] + "…"
    weight = ' font-weight="bold"' if row["kind"] == "process" else ""
    parts.append(
        f'<text x="{4 + 12 * row["indent"]}" y="{middle + 4}"{weight}>{html.escape(text)}</text>'
    )
    start, end = _x(row["start"], duration), _x(row["end"], duration)
    tip = f"{row['label']}: {ms(row['start'])}–{ms(row['end'])} {words['ms']}"
    state = " tl-cancelled" if row.get("state") == "cancelled" else ""
    parts.append(
        f'<rect class="tl-{row["kind"]}{state}" x="{start}" y="{middle - BAR / 2}" '
        f'width="{max(end - start, 1.5)}" height="{BAR}" rx="2">'
        f"<title>{html.escape(tip)}</title></rect>"
    )
    if row.get("cpu"):
        parts.extend(usage(row, middle, runs, words, used))
    if row.get("zombie_until"):
        until = _x(row["zombie_until"], duration)
        note = words["zombie_note"].format(ms=ms(row["zombie_until"]))
        parts.append(
            f'<rect class="tl-zombie" x="{end}" y="{middle - BAR / 2 + 1}" '
            f'width="{max(until - end, 1.5)}" height="{BAR - 2}">'
            f"<title>{html.escape(row['label'] + ': ' + note)}</title></rect>"
        )
        used.add("zombie")
    if row.get("cut_off"):  # a torn end
        top_edge = middle - BAR / 2 - 2
        parts.append(f'<path class="tl-cut" d="M{end} {top_edge} l4 4 l-4 4 l4 4 l-4 4"/>')
    # A greenlet's runs fill the bar in, work items are outlined on it (what fills it is its
    # time on a CPU), a held semaphore underlines it.
    for mark in sorted(row["marks"], key=mark_layer):
        kind = mark_kind(mark)
        used.add(kind)
        left, right = _x(mark["start"], duration), _x(mark["end"], duration)
        name = mark.get("name") or words["hold"]
        tip = f"{name}: {ms(mark['start'])}–{ms(mark['end'])} {words['ms']}"
        top_edge, tall = {
            "hold": (middle + BAR / 2 + 1, 3),
            "work": (middle - BAR / 2 - 1, BAR + 2),
            "run": (middle - 4, 8),
        }[kind]
        parts.append(
            f'<rect class="tl-{kind}" x="{left}" y="{top_edge}" '
            f'width="{max(right - left, 1.5)}" height="{tall}">'
            f"<title>{html.escape(tip)}</title></rect>"
        )
    used.add(row["kind"])
    return "".join(parts)


def draw(timeline: Timeline, language: str, ident: str) -> str:
    """The timeline as HTML: the SVG in a scrolling box, the trace link, the text version.

    `ident` makes its element ids unique on the page; the trace link's address is left as
    TRACE_LINK for the page to fill in.
    """
    words = WORDS.get(language, WORDS["en"])
    rows = rows_of(timeline, words)
    duration = max(timeline["duration"], 1)
    step = step_of(duration / 1000)
    used: set[str] = set()  # the kinds of bar drawn, for the legend
    lanes = once_per_timeline(
        timeline, "columns", lambda: [columns(row.get("cpu", []), duration) for row in rows]
    )
    drawn_rows = [
        _row(row, number, duration, runs, words, used)
        for number, (row, runs) in enumerate(zip(rows, lanes, strict=True))
    ]
    height = TOP + ROW * len(rows) + AXIS + LEGEND * legend_rows(used, words)

    parts = [
        f'<svg class="snippet-timeline-svg" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{ident}-t {ident}-d" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{html.escape(words["title"])}</title>',
        f'<desc id="{ident}-d">{html.escape(words["desc"])}</desc>',
    ]
    parts.extend(drawn_rows)
    axis = TOP + ROW * len(rows) + 4
    parts.append(
        f'<line class="tl-axis" x1="{LABELS}" y1="{axis}" x2="{LABELS + PLOT}" y2="{axis}"/>'
    )
    tick = 0.0
    while tick * 1000 <= duration + 1e-6:
        at = _x(tick * 1000, duration)
        parts.append(f'<line class="tl-axis" x1="{at}" y1="{axis}" x2="{at}" y2="{axis + 4}"/>')
        parts.append(f'<text x="{at}" y="{axis + 16}" text-anchor="middle">{tick:g}</text>')
        tick = round(tick + step, 9)
    parts.append(f'<text x="{LABELS - 8}" y="{axis + 16}" text-anchor="end">{words["ms"]}</text>')
    parts.extend(legend(used, axis + AXIS - 2, words))
    parts.append("</svg>")
    svg = "".join(parts)
    return (
        # Not in the search index: lanes and figures are not what a reader searches for.
        f'<figure class="snippet-timeline" data-search-exclude="">'
        f"<figcaption>{html.escape(words['figure'])}{ABOUT}</figcaption>"
        f'<div class="snippet-timeline-box" role="region" tabindex="0" '
        f'aria-label="{html.escape(words["title"])}">{svg}</div>'
        f'<p class="snippet-trace"><a href="{TRACE_LINK}" download="">'
        f"{html.escape(words['trace'])}</a>"
        f"{html.escape(words['open'])}</p>"
        f"{as_text(timeline, rows, words)}</figure>"
    )


NOTED = 0.02  # a wait that took less of a lane's life than this is left out of its row


def cpu_cells(row: dict, words: dict) -> str:
    """A sampled lane's share of its life on a CPU, and its waits, as two table cells."""
    if not row.get("cpu"):
        return "<td></td><td></td>"
    life = max(row["end"] - row["start"], 1)
    share = percent(sum(piece[2] for piece in row["cpu"]) / life, "near")
    waited = oncpu.waits_of(row["cpu"])
    noted = [
        words["waited_for"].format(kind=words[f"legend_{kind}"], ms=ms(waited[kind] * 1e6))
        for kind in ("ready", *WAITS)
        if waited.get(kind, 0) * 1e6 >= max(1000, NOTED * life)
    ]
    return (
        f"<td>{words['on_cpu_share'].format(share=share)}</td>"
        f"<td>{html.escape(words['names_separator'].join(noted))}</td>"
    )


def as_text(timeline: Timeline, rows: list[dict], words: dict) -> str:
    said = "".join(f"<li>{html.escape(s)}</li>" for s in sentences(timeline, words))
    sampled = any(row.get("cpu") for row in rows)
    lines = []
    for row in rows:
        notes = []
        if row.get("zombie_until"):
            notes.append(words["zombie_note"].format(ms=ms(row["zombie_until"])))
        if row.get("ended") not in (None, "", "exit", "reaped", "runner"):
            notes.append(row["ended"])
        if row.get("cut_off"):
            notes.append(words["cut_note"])
        if row.get("state") in ("cancelled", "failed"):
            notes.append(words[f"state_{row['state']}"])
        lines.append(
            f"<tr><td>{html.escape(words[row['kind']])} {html.escape(row['label'])}</td>"
            f"<td>{ms(row['start'])}</td><td>{ms(row['end'])}</td>"
            f"<td>{html.escape(words['separator'].join(notes))}</td>"
            f"{cpu_cells(row, words) if sampled else ''}</tr>"
        )
    more = f"<th>{words['on_cpu']}</th><th>{words['waited']}</th>" if sampled else ""
    table = (
        f"<table><thead><tr><th>{words['lane']}</th><th>{words['from']}</th>"
        f"<th>{words['to']}</th><th>{words['note']}</th>{more}</tr></thead>"
        f"<tbody>{''.join(lines)}</tbody></table>"
    )
    return (
        f'<details class="snippet-timeline-text"><summary>{html.escape(words["as_text"])}</summary>'
        f"<ul>{said}</ul>{table}</details>"
    )
