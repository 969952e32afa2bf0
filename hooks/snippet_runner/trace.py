"""A run's timeline as a Chrome trace-event JSON file, which Perfetto and chrome://tracing open.

The format is Google's "Trace Event Format": `{"traceEvents": [...], "displayTimeUnit": "ms"}`.
Processes and threads become complete events ("X": name, ph, ts, dur, pid, tid, all times in
microseconds) on their own tracks, named by metadata events ("M": process_name, thread_name);
work items, semaphore holds and greenlets' runs become complete events in the thread that ran
them, and
a zombie a complete event after its process's end. asyncio tasks overlap on one thread, so
they are async events ("b" and "e", paired by cat and id).
"""

from __future__ import annotations

from typing import Any

from .timeline import Timeline, label


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
