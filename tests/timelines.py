"""A snippet's timeline as the build records it, and what tests read from one.

`record("snippets/…/x.py", start_method="spawn", argv=["0.2"])` runs the snippet exactly as the
build does, with the timeline recorder on (`snippet_runner.timeline`), and returns the run;
`run.timeline` holds its processes, threads, asyncio tasks, work items and semaphore holds,
every time in µs from the first process's start. The helpers below name what tests assert.
"""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT
from snippet_runner import launch, snippet
from snippet_runner.timeline import Timeline, most_at_once, shown_threads

__all__ = ["Timeline", "most_at_once", "process_named", "record", "tasks", "threads", "work"]


def record(
    path: str | Path,
    *,
    start_method: str | None = None,
    interpreter: str = sys.executable,
    timeout: float = 60,
) -> launch.Run:
    """Run a snippet as the build does, recorded; fails if it did not exit with 0."""
    run = snippet.execute(
        ROOT / path,
        launch.Limits(timeout=timeout),
        interpreter=interpreter,
        start_method=start_method,
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
