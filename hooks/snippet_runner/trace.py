"""A run's timeline as a Chrome trace-event JSON file, which Perfetto and chrome://tracing open.

The format is Google's "Trace Event Format": `{"traceEvents": [...], "displayTimeUnit": "ms"}`.
Processes and threads become complete events ("X": name, ph, ts, dur, pid, tid, all times in
microseconds) on their own tracks, named by metadata events ("M": process_name, thread_name);
work items, semaphore holds and greenlets' runs become complete events in the thread that ran
them, and
a zombie a complete event after its process's end. asyncio tasks overlap on one thread, so
they are async events ("b" and "e", paired by cat and id). What a sampled thread did
(`sampler`) is a row of complete events on its own track, one per stretch in one state: on a
CPU (half of the time or more), ready for one, or blocked in a kind of wait, with the
milliseconds it spent on a CPU and ready in its args; each is cut where another event of the
thread begins or ends, so that events nest as trace viewers require.
"""

from __future__ import annotations

import itertools
from typing import Any

from .timeline import Timeline, label

STATES = {  # what a stretch of a sampled thread is called in the trace
    "oncpu": "on a CPU",
    "ready": "ready for a CPU",
    "gil": "waiting for the GIL",
    "lock": "waiting on a lock",
    "sleep": "asleep",
    "io": "waiting for I/O or events",
    "child": "waiting for a child process",
}


def trace_of(timeline: Timeline, about: dict[str, str]) -> dict[str, Any]:
    """The trace file's content; `about` goes into its `otherData` (snippet, interpreter)."""
    events: list[dict[str, Any]] = []

    def complete(name: str, cat: str, pid: int, tid: int, start: int, end: int, **args: Any):
        event = {"name": name, "cat": cat, "ph": "X", "ts": start, "dur": max(end - start, 0)}
        events.append(event | {"pid": pid, "tid": tid, "args": args})

    def metadata(kind: str, pid: int, tid: int, name: str) -> None:
        events.append({"name": kind, "ph": "M", "pid": pid, "tid": tid, "args": {"name": name}})

    for process in timeline["processes"]:
        pid = process["pid"]
        name = label(process)
        for tid, slices in [(pid, process.get("cpu", []))] + [
            (thread["tid"], thread.get("cpu", [])) for thread in process["threads"]
        ]:
            edges = _edges_of(process, tid)
            for state, start, end, busy, ready in _states(slices):
                for begin, until in _cut(start, end, edges):
                    share = (until - begin) / max(end - start, 1)
                    complete(
                        STATES[state], "cpu", pid, tid, begin, until,
                        on_cpu_ms=round(busy * share / 1000, 3),
                        ready_ms=round(ready * share / 1000, 3),
                    )  # fmt: skip
        metadata("process_name", pid, pid, name)
        metadata("thread_name", pid, pid, "MainThread")
        complete(
            name, "process", pid, pid, process["start"], process["end"],
            parent=process["ppid"], ended=process["ended"],
        )  # fmt: skip
        if process.get("zombie_until"):
            complete("zombie", "process", pid, pid, process["end"], process["zombie_until"])
        for thread in process["threads"]:
            metadata("thread_name", pid, thread["tid"], thread["name"])
            complete(
                thread["name"], "thread", pid, thread["tid"], thread["start"], thread["end"],
                cut_off=thread.get("cut_off", False),
            )  # fmt: skip
        for work in process["work"]:
            complete(work["name"], "work", pid, work["tid"], work["start"], work["end"])
        for hold in process["holds"]:
            complete(
                "semaphore held", "semaphore", pid, hold["tid"], hold["start"], hold["end"],
                waited_from=hold["asked"],
            )  # fmt: skip
        for glet in process.get("greenlets", ()):
            for run in glet["runs"]:
                complete(glet["name"], "greenlet", pid, glet["tid"], run["start"], run["end"])
        for number, task in enumerate(process["tasks"]):
            common = {"name": task["name"], "cat": "asyncio", "id": f"{pid}.{number}"}
            common |= {"pid": pid, "tid": task["tid"]}
            events.append(common | {"ph": "b", "ts": task["start"]})
            events.append(
                common | {"ph": "e", "ts": task["end"], "args": {"state": task.get("state", "")}}
            )
    return {"traceEvents": events, "displayTimeUnit": "ms", "otherData": about}


def _states(slices: list[list]) -> list[tuple[str, int, int, int, int]]:
    """A thread's slices as stretches in one state: (state, start, end, µs on a CPU, µs ready);
    a slice in no known state (blocked, no one knows in what) is in none."""
    stretches: list[list] = []
    for start, end, busy, ready, wait in slices:
        blocked = end - start - busy - ready
        if 2 * busy >= end - start:
            state = "oncpu"
        elif ready and ready >= blocked:
            state = "ready"
        elif wait:
            state = wait
        else:
            continue
        if stretches and stretches[-1][0] == state and stretches[-1][2] == start:
            stretches[-1][2:] = [end, stretches[-1][3] + busy, stretches[-1][4] + ready]
        else:
            stretches.append([state, start, end, busy, ready])
    return [tuple(stretch) for stretch in stretches]


def _edges_of(process: dict, tid: int) -> list[int]:
    """Where the other complete events of a thread begin and end."""
    spans = [(process["start"], process["end"])] if tid == process["pid"] else []
    spans += [(t["start"], t["end"]) for t in process["threads"] if t["tid"] == tid]
    for items in (process["work"], process["holds"]):
        spans += [(item["start"], item["end"]) for item in items if item["tid"] == tid]
    for glet in process.get("greenlets", ()):
        if glet["tid"] == tid:
            spans += [(run["start"], run["end"]) for run in glet["runs"]]
    return sorted({edge for span in spans for edge in span})


def _cut(start: int, end: int, edges: list[int]) -> list[tuple[int, int]]:
    """[start, end] cut at the edges within it."""
    inside = [edge for edge in edges if start < edge < end]
    bounds = [start, *inside, end]
    return list(itertools.pairwise(bounds))
