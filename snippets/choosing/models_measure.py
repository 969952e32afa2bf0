"""Measure the same I/O-bound and CPU-bound work done with each concurrency model, on this machine.

Prints a Markdown table and an SVG bar chart of the figures (the page renders both). Each
free-threaded interpreter the site's build found ($SNIPPET_INTERPRETERS) adds a row: the same
CPU-bound threads, run there.
"""

import asyncio
import concurrent.futures
import html
import json
import multiprocessing as mp
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass

from snippets import claims, machine

GIL_ENABLED = getattr(sys, "_is_gil_enabled", lambda: True)()

# ----------------------------------------------------------------------------- the work


def wait_for_io(seconds: float) -> None:
    """Stands in for a network or disk wait: the thread sleeps, the CPU is idle."""
    time.sleep(seconds)


def crunch(iterations: int) -> tuple[float, float, float]:
    """Pure-Python arithmetic (holds the GIL); returns when it started and ended, and the CPU
    time its thread used meanwhile."""
    started, cpu_started = time.perf_counter(), time.thread_time()
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return started, time.perf_counter(), time.thread_time() - cpu_started


def iterations_for(seconds: float) -> int:
    """How many `crunch` iterations take about `seconds` of CPU time in one thread here.

    CPU time, not wall time: on a busy machine the wall time includes waiting for a core, and
    the work would come out too small.
    """
    iterations = 20_000
    while True:
        _, _, cpu = crunch(iterations)
        if cpu >= 0.05:
            return max(1, int(iterations * seconds / cpu))
        iterations *= 2


# ------------------------------------------------------------------ I/O-bound: n waits of d


def io_asyncio(waits: int, seconds: float) -> float:
    async def wait_all() -> None:
        await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(waits)))

    t0 = time.perf_counter()
    asyncio.run(wait_all())
    return time.perf_counter() - t0


def io_threads(waits: int, seconds: float) -> float:
    t0 = time.perf_counter()
    threads = [threading.Thread(target=wait_for_io, args=(seconds,)) for _ in range(waits)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - t0


def io_thread_pool(waits: int, seconds: float, workers: int) -> float:
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(wait_for_io, [seconds] * waits))
    return time.perf_counter() - t0


def io_process_pool(waits: int, seconds: float, workers: int, start_method: str | None) -> float:
    """Includes starting and stopping the worker processes: that is part of the price."""
    context = mp.get_context(start_method)
    t0 = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        list(pool.map(wait_for_io, [seconds] * waits))
    return time.perf_counter() - t0


# -------------------------------------------------------- CPU-bound: k tasks of pure Python


@dataclass
class CpuRun:
    total: float  # wall time of the whole call, starting workers included
    busy: float  # from the first task's start to the last task's end
    cpu: float  # CPU time all the tasks used: cpu / busy is how many cores worked at once


def _cpu_run(t0: float, spans: list[tuple[float, float, float]]) -> CpuRun:
    first = min(start for start, _, _ in spans)
    last = max(end for _, end, _ in spans)
    cpu = sum(cpu for _, _, cpu in spans)
    return CpuRun(total=time.perf_counter() - t0, busy=last - first, cpu=cpu)


def cpu_sequential(tasks: int, iterations: int) -> CpuRun:
    t0 = time.perf_counter()
    return _cpu_run(t0, [crunch(iterations) for _ in range(tasks)])


def cpu_asyncio(tasks: int, iterations: int) -> CpuRun:
    async def crunch_task() -> tuple[float, float, float]:
        return crunch(iterations)  # no await inside: the loop runs one task at a time

    async def crunch_all() -> list[tuple[float, float, float]]:
        return await asyncio.gather(*(crunch_task() for _ in range(tasks)))

    t0 = time.perf_counter()
    return _cpu_run(t0, asyncio.run(crunch_all()))


def cpu_threads(tasks: int, iterations: int) -> CpuRun:
    spans: list[tuple[float, float, float]] = []

    def record() -> None:
        spans.append(crunch(iterations))  # list.append is atomic: no lock needed

    t0 = time.perf_counter()
    threads = [threading.Thread(target=record) for _ in range(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return _cpu_run(t0, spans)


def free_threaded_interpreters() -> list[dict]:
    """The free-threaded interpreters the site's build found, other than this one."""
    listed = json.loads(os.environ.get("SNIPPET_INTERPRETERS", "[]"))
    return [i for i in listed if i["free_threaded"] and i["path"] != sys.executable]


def cpu_threads_on(interpreter: str, tasks: int, iterations: int, repeats: int) -> CpuRun:
    """`cpu_threads` run by another interpreter (this file, run there): the best of `repeats`."""
    answer = subprocess.run(
        [interpreter, __file__, "--threads", str(tasks), str(iterations), str(repeats)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return CpuRun(**json.loads(answer.stdout))


def cpu_processes(tasks: int, iterations: int, start_method: str | None) -> CpuRun:
    context = mp.get_context(start_method)
    t0 = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=tasks, mp_context=context) as pool:
        spans = list(pool.map(crunch, [iterations] * tasks))
    return _cpu_run(t0, spans)


# ------------------------------------------------------------------------------ reporting


@dataclass
class Row:
    label: str
    io: float | None  # seconds; None: not measured
    cpu: float | None
    io_computed: bool = False  # the sequential I/O figure is n × d, not a run


def markdown_table(rows: list[Row], io_header: str, cpu_header: str) -> str:
    io_base = rows[0].io
    cpu_base = rows[0].cpu

    def cell(value: float | None, base: float | None, computed: bool = False) -> str:
        if value is None:
            return "—"
        if computed:
            return f"{value:.2f} s (n × d)"
        return f"{value:.2f} s (×{base / value:.1f})" if base else f"{value:.2f} s"

    lines = [f"| | {io_header} | {cpu_header} |", "| --- | ---: | ---: |"]
    for index, row in enumerate(rows):
        if index == 0:  # the baseline: the other rows give their speed-up over it
            io_cell, cpu_cell = cell(row.io, None, row.io_computed), cell(row.cpu, None)
        else:
            io_cell, cpu_cell = cell(row.io, io_base), cell(row.cpu, cpu_base)
        lines.append(f"| {row.label} | {io_cell} | {cpu_cell} |")
    return "\n".join(lines)


def svg_chart(rows: list[Row], io_header: str, cpu_header: str, title: str) -> str:
    """Two panels of horizontal bars; colours come from the theme, so both schemes work."""
    label_width, bar_width, row_height, gap = 250, 300, 22, 34
    width = label_width + bar_width + 90
    parts: list[str] = []
    y = 0
    for panel, key in ((io_header, "io"), (cpu_header, "cpu")):
        measured = [row for row in rows if getattr(row, key) is not None]
        if not measured:
            continue
        largest = max(getattr(row, key) for row in measured)
        y += 20
        parts.append(f'<text x="0" y="{y}" font-weight="bold">{html.escape(panel)}</text>')
        y += 8
        for row in measured:
            value = getattr(row, key)
            length = max(2.0, bar_width * value / largest)
            computed = key == "io" and row.io_computed
            style = (
                "fill:none;stroke:currentColor;stroke-dasharray:4 3"  # the text's contrast
                if computed
                else "fill:var(--md-primary-fg-color,#3f51b5)"
            )
            parts.append(
                f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">'
                f"{html.escape(row.label)}</text>"
                f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" '
                f'height="{row_height - 6}" style="{style}"/>'
                f'<text x="{label_width + length + 6:.1f}" y="{y + 15}">{value:.2f} s</text>'
            )
            y += row_height
        y += gap - row_height
    height = y + 10
    summary = "; ".join(
        f"{row.label}: "
        + ", ".join(
            f"{kind} {value:.2f} s" for kind, value in (("I/O", row.io), ("CPU", row.cpu)) if value
        )
        for row in rows
        if row.io is not None or row.cpu is not None
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{html.escape(title)}. {html.escape(summary)}" '
        f'style="max-width:{width}px;width:100%;height:auto;font-size:13px;fill:currentColor">'
        f"<title>{html.escape(title)}</title>{''.join(parts)}</svg>"
    )


def best(runs: list[CpuRun]) -> CpuRun:
    """The least disturbed of several runs of the same work: load only ever slows a run."""
    return min(runs, key=lambda run: run.total)


@dataclass
class CpuFigures:
    sequential: CpuRun
    asyncio: CpuRun
    threads: CpuRun
    processes: CpuRun
    free_cores: float  # cores the rest of the machine left the process pool, at best
    free_threaded: dict[str, CpuRun]  # interpreter name -> its threads' best run


def measure_cpu(tasks: int, iterations: int, repeats: int, start_method: str | None) -> CpuFigures:
    """Each model once; one after another and the process pool `repeats` times, in turn; the
    threads on each free-threaded interpreter found, best of `repeats`."""
    sequential, processes, free = [], [], []
    for _ in range(repeats):
        sequential.append(cpu_sequential(tasks, iterations))
        with machine.free_cores() as cores:
            processes.append(cpu_processes(tasks, iterations, start_method))
            cores.own_cpu = processes[-1].cpu
        free.append(cores.free)
    return CpuFigures(
        sequential=best(sequential),
        asyncio=cpu_asyncio(tasks, iterations),
        threads=cpu_threads(tasks, iterations),
        processes=best(processes),
        free_cores=max(free),
        free_threaded={
            i["name"]: cpu_threads_on(i["path"], tasks, iterations, repeats)
            for i in free_threaded_interpreters()
        },
    )


# Stated once, checked against the figures at every build (snippets/claims.py).
PROCESSES_FASTER = {
    "en": "on CPU-bound work the process pool is at least ×1.4 faster than one after another",
    "zh": "在 CPU 密集型的工作上，进程池至少比一个接一个快 1.4 倍",
}
PROCESSES_USE_CORES = {
    "en": "the process pool keeps more than one core busy",
    "zh": "进程池同时让不止一个核心忙碌",
}
THREADS_ONE_CORE = {
    "en": "CPU-bound threads never keep more than one core busy (the GIL)",
    "zh": "CPU 密集型的线程从不让超过一个核心忙碌（GIL）",
}
ASYNCIO_NO_FASTER = {
    "en": "asyncio is no faster than one after another on CPU-bound work",
    "zh": "在 CPU 密集型的工作上，asyncio 不比一个接一个快",
}
FREE_THREADS_USE_CORES = {
    "en": "on a free-threaded build, CPU-bound threads keep more than one core busy",
    "zh": "在自由线程版上，CPU 密集型的线程同时让不止一个核心忙碌",
}
NO_FREE_THREADED = {
    "en": "No free-threaded interpreter (3.13t or later) was found on the machine that built this "
    "page, so every figure here comes from an interpreter with the GIL.",
    "zh": "构建本页的机器上没有找到自由线程版的解释器（3.13t 及以后），所以这里的数字都来自有 GIL "
    "的解释器。",
}
WAITS_OVERLAP = {
    "en": "asyncio and threads overlap the waits: at least ×5 faster than one after another",
    "zh": "asyncio 和线程让等待相互重叠：至少比一个接一个快 5 倍",
}


def check_claims(rows: list[Row], cpu: CpuFigures, cpus: int) -> bool:
    """Check what the pages say about these figures; False if the CPU figures cannot show it."""
    waits = rows[0].io
    fastest_waits = max(rows[1].io, rows[2].io)
    claims.check(WAITS_OVERLAP, waits >= 5 * fastest_waits, f"×{waits / fastest_waits:.0f}")
    sequential = cpu.sequential.total
    claims.check(
        ASYNCIO_NO_FASTER,
        cpu.asyncio.total >= 0.9 * sequential,
        f"{cpu.asyncio.total:.2f} s : {sequential:.2f} s",
    )
    if GIL_ENABLED:
        threads_cores = cpu.threads.cpu / cpu.threads.busy
        claims.check(THREADS_ONE_CORE, threads_cores <= 1.1, claims.cores_busy(threads_cores))
    if cpus < 2 or cpu.free_cores < 1.6:
        free = f"{cpu.free_cores:.1f}"
        why = {
            "en": f"The machine that built this page left the measurement {free} of its {cpus} "
            "CPU cores free, too few to show processes working in parallel; the CPU-bound "
            "figures are left out.",
            "zh": f"构建本页的机器在测量时只留出了 {cpus} 个 CPU 核心中的 {free} 个，不足以显示"
            "多个进程并行工作，所以这里不列出 CPU 密集型的数字。",
        }
        claims.cannot_show(PROCESSES_FASTER, why)
        if cpu.free_threaded:
            claims.cannot_show(FREE_THREADS_USE_CORES, why)
        return False
    speedup = sequential / cpu.processes.total
    claims.check(PROCESSES_FASTER, speedup >= 1.4, f"×{speedup:.2f}")
    cores = cpu.processes.cpu / cpu.processes.busy
    claims.check(PROCESSES_USE_CORES, cores > 1.3, claims.cores_busy(cores))
    if not cpu.free_threaded:
        claims.cannot_show(FREE_THREADS_USE_CORES, NO_FREE_THREADED, lasting=True)
    for name, run in cpu.free_threaded.items():
        cores = run.cpu / run.busy
        claims.check(FREE_THREADS_USE_CORES, cores > 1.3, f"{name}: {claims.cores_busy(cores)}")
    return True


def main(
    io_waits: int = 100,
    io_seconds: float = 0.02,
    io_pool_threads: int = 32,
    io_pool_processes: int = 8,
    cpu_seconds: float = 0.2,
    repeats: int = 3,
    start_method: str | None = None,
) -> dict[str, object]:
    method = mp.get_context(start_method).get_start_method()
    cpus = machine.usable_cpus()
    cpu_tasks = min(max(cpus, 2), 4)  # one task per core, at least 2, at most 4
    cpu = measure_cpu(cpu_tasks, iterations_for(cpu_seconds), repeats, start_method)
    rows = [
        Row("sequential", io_waits * io_seconds, cpu.sequential.total, io_computed=True),
        Row("asyncio (1 thread)", io_asyncio(io_waits, io_seconds), cpu.asyncio.total),
        Row(
            f"threading.Thread × {io_waits} / × {cpu_tasks}",
            io_threads(io_waits, io_seconds),
            cpu.threads.total,
        ),
        Row(
            f"ThreadPoolExecutor({io_pool_threads})",
            io_thread_pool(io_waits, io_seconds, io_pool_threads),
            None,
        ),
        Row(
            f"ProcessPoolExecutor({io_pool_processes}) / ({cpu_tasks})",
            io_process_pool(io_waits, io_seconds, io_pool_processes, start_method),
            cpu.processes.total,
        ),
    ]
    for name, run in cpu.free_threaded.items():
        rows.append(Row(f"threading.Thread × {cpu_tasks} ({name})", None, run.total))
    shown = check_claims(rows, cpu, cpus)
    if not shown:  # figures that would contradict the text are not printed
        for row in rows:
            row.cpu = None
        rows = [row for row in rows if row.io is not None]
    io_header = f"I/O: {io_waits} × sleep({io_seconds})"
    cpu_header = f"CPU: {cpu_tasks} × ≈{cpu_seconds} s (best of {repeats})"
    print(markdown_table(rows, io_header, cpu_header))
    print()
    print(
        f"Python {platform.python_version()} · {cpus} CPU · start method `{method}` · "
        f"{platform.system()} {platform.machine()}"
    )
    print()
    # {{zh:…|en:…}}: the site shows each page the text in its own language.
    title = (
        "{{zh:各模型所用秒数，I/O 密集与 CPU 密集（越短越好）"
        "|en:Seconds per model, I/O-bound and CPU-bound (shorter is better)}}"
    )
    # Inline <svg> (no <figure>): the output sits indented in a tab, where Markdown would wrap
    # a block element in <p>; an <svg> inside <p> is valid HTML.
    print(svg_chart(rows, io_header, cpu_header, title))
    return {
        "rows": rows,
        "cpu_tasks": cpu_tasks,
        "cpu": cpu,
        "cpu_shown": shown,
        "start_method": method,
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--threads"]:  # run by cpu_threads_on, on another interpreter
        tasks, iterations, repeats = map(int, sys.argv[2:5])
        print(json.dumps(asdict(best([cpu_threads(tasks, iterations) for _ in range(repeats)]))))
    else:
        main()
