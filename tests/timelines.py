"""A snippet's timeline as the build records it, and what tests read from one.

`record("snippets/…/x.py", start_method="spawn")` runs the snippet exactly as the build does,
with the timeline recorder on (`snippet_runner.timeline`) and its threads sampled from outside
(`snippet_runner.sampler`), and returns the run; `run.timeline` holds its processes, threads,
asyncio tasks, work items and semaphore holds, every time in µs from the first process's start,
and each process's and thread's time on a CPU and waits (`snippet_runner.oncpu` reads them).
The helpers below name what tests assert; `took_turns` and `were_at_once` what the samples
prove of lanes on a CPU at once, measuring again where a busy machine keeps them from telling.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT
from machine import free_cores
from snippet_runner import drawing, launch, oncpu, snippet
from snippet_runner.timeline import Timeline, most_at_once, shown_threads

__all__ = [
    "Timeline",
    "most_at_once",
    "process_named",
    "record",
    "tasks",
    "threads",
    "took_turns",
    "were_at_once",
    "work",
]


def record(
    path: str | Path,
    *,
    start_method: str | None = None,
    interpreter: str = sys.executable,
    timeout: float = 60,
    variables: dict[str, str] | None = None,
) -> launch.Run:
    """Run a snippet as the build does, recorded (`variables` added to its environment);
    fails if it did not exit with 0."""
    run = snippet.execute(
        ROOT / path,
        launch.Limits(timeout=timeout),
        interpreter=interpreter,
        start_method=start_method,
        variables=variables,
        record=True,
    )
    assert run.returncode == 0, run.output[-3000:]
    assert run.timeline is not None, "nothing was recorded"
    return run


def root(timeline: Timeline) -> dict:
    return timeline["processes"][0]


def process_named(timeline: Timeline, name: str) -> dict:
    [found] = [p for p in timeline["processes"] if p["name"] == name]
    return found


def children(timeline: Timeline, parent: dict) -> list[dict]:
    return [p for p in timeline["processes"] if p["ppid"] == parent["pid"]]


def threads(timeline: Timeline, prefix: str = "") -> list[dict]:
    """The program's threads (not the library's own) whose name starts with `prefix`."""
    return [
        thread
        for process in timeline["processes"]
        for thread in shown_threads(process)
        if thread["name"].startswith(prefix)
    ]


def tasks(timeline: Timeline, prefix: str = "") -> list[dict]:
    return [
        task
        for process in timeline["processes"]
        for task in process["tasks"]
        if task["name"].startswith(prefix)
    ]


def work(timeline: Timeline) -> list[tuple[dict, dict]]:
    """Every work item with the process that ran it."""
    return [(process, item) for process in timeline["processes"] for item in process["work"]]


def spans(items: list[dict]) -> list[tuple[int, int]]:
    return [(item["start"], item["end"]) for item in items]


# ------------------------------------------------------------------ on a CPU, sampled

TURNS = (
    drawing.APART
)  # lanes on a CPU at once for about this share of their span at most took turns
AT_ONCE = 0.1  # … proven at once for at least this share, they computed at the same time
NEVER_PROVEN = 0.02  # what no run of lanes that took turns may be proven to share more than


def took_turns(run: Callable[[], Timeline], lanes: list[str], tries: int = 3) -> Timeline:
    """A timeline of `run()` in which `lanes` took turns on the CPU, as the samples tell.

    In no run may they be proven on a CPU at once; a look the busy machine delayed blurs two
    turns into one slice, so that the samples cannot tell: then it runs again, `tries` times
    in all.
    """
    seen = []
    for _ in range(tries):
        timeline = run()
        proven = oncpu.proven_on_cpu_together(timeline, lanes)
        about = oncpu.on_cpu_together(timeline, lanes)
        seen.append((round(proven, 3), round(about, 3)))
        assert proven <= NEVER_PROVEN, seen
        if about <= TURNS:
            return timeline
    raise AssertionError(f"the samples never told turns apart: (proven, about) {seen}")


def were_at_once(run: Callable[[], Timeline], lanes: list[str], tries: int = 6) -> Timeline:
    """A timeline of `run()` in which `lanes` were proven on CPUs at the same time.

    A busy machine can only shorten that time, never invert it: a run on a machine whose
    other work held the cores runs again, `tries` times in all (the free cores each had are
    in the failure's message). Call it from a test marked `measure`.
    """
    seen = []
    for _ in range(tries):
        with free_cores() as cores:
            timeline = run()
        proven = oncpu.proven_on_cpu_together(timeline, lanes)
        seen.append((round(proven, 3), round(cores.free, 2)))
        if proven >= AT_ONCE:
            return timeline
    raise AssertionError(f"never proven at once: (proven, free cores) {seen}")
