"""A run's timeline: the recorder's events (startup/_timeline.py) read into lanes.

`read()` turns the event files of one run into a plain, JSON-ready dict that is cached with
the run's output: its processes as a tree, each with its threads, asyncio tasks, work items
(a pool's tasks) and semaphore holds, every time in microseconds from the first process's
start. Where the recorder saw no end, the end is worked out: a process killed by a signal
ends when the signal was sent, else when its parent reaped it, else when the run ended (the
runner killed it); a thread or task with no end was cut off when its process ended. A zombie
is a process between its end and its reaping.

Each process and thread lane also carries, under "cpu", what the run's reaper sampled of it
from outside (`sampler`): slices `[start, end, on a CPU, ready for one, wait]` (µs; the kind of
wait it was blocked in, or ""); `oncpu` reads them.

`overlaps()` says what ran at the same time, which the drawing's text alternative and the
tests read.
"""

from __future__ import annotations

import ast
import re
import signal as signals
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import sampler

Timeline = dict[str, Any]
VARIABLE = sampler.VARIABLE  # the folder the recorder writes into
# Threads the standard library starts for its own work (a Pool's handlers, a queue's feeder,
# a process pool's manager): in the trace, not in the drawing.
INTERNAL_THREAD = re.compile(r"\(_\w+\)$|^QueueFeederThread$|^ExecutorManagerThread$")
FATAL = {signals.SIGTERM, signals.SIGKILL, signals.SIGINT, signals.SIGHUP, signals.SIGQUIT}


def events_in(folder: Path) -> list[tuple]:
    events = []
    for path in sorted(folder.glob("*.events")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                events.append(ast.literal_eval(line))
            except (ValueError, SyntaxError):
                continue  # a line cut short by a kill
    return events


def read(folder: Path, ended: int) -> Timeline | None:
    """The timeline of the run whose recorder wrote into `folder`; `ended`: when the run
    ended (time.monotonic_ns). None if nothing was recorded."""
    events = events_in(folder)
    processes: dict[int, dict] = {}
    names: dict[int, str] = {}
    sent: dict[int, list[tuple[int, int]]] = defaultdict(list)
    reaped: dict[int, tuple[int, int]] = {}
    for event in events:
        kind, pid = event[0], event[1]
        if kind == "process":
            _, _, ppid, at, how, _ = event
            processes[pid] = {
                "pid": pid,
                "ppid": ppid,
                "name": "",
                "start": at,
                "end": None,
                "ended": "",
                "how": how,
                "threads": {},
                "tasks": {},
                "work": {},
                "holds": [],
                "signals": set(),  # semaphores used to signal, whose holds mean nothing
                "greenlets": {},
                "open": {},  # tasks and work items begun and not yet ended, by key
            }
        elif kind == "child":
            names[event[2]] = event[3]
        elif kind == "signal":
            sent[event[2]].append((event[4], event[3]))
        elif kind == "reap":
            reaped.setdefault(event[2], (event[4], event[3]))
    if not processes:
        return None
    samples = sampler.read(folder)
    sampled = samples.get("threads", {})
    for pid, process in processes.items():
        process["cpu"] = sampled.get(f"{pid}/{pid}", [])
    # A semaphore's acquisitions and releases in the order they happened, whichever thread
    # wrote its line first (a release is stamped before the semaphore lets a waiter go).
    semaphores = sorted(
        (e for e in events if e[0] in ("acquired", "released")),
        key=lambda e: e[5] if e[0] == "acquired" else e[4],
    )
    others = [e for e in events if e[0] not in ("acquired", "released")]
    for event in others + semaphores:
        kind, pid = event[0], event[1]
        process = processes.get(pid)
        if process is None:
            continue
        if kind == "exit":
            _, _, at, _, _, name = event
            process["end"], process["ended"] = at, "exit"
            process["name"] = process["name"] or name
        elif kind == "thread":
            _, _, tid, name, at, daemon = event
            process["threads"][tid] = {"name": name, "tid": tid, "start": at, "end": None}
            process["threads"][tid]["daemon"] = daemon
            process["threads"][tid]["internal"] = bool(INTERNAL_THREAD.search(name))
            process["threads"][tid]["cpu"] = sampled.get(f"{pid}/{tid}", [])
        elif kind == "thread-end" and event[2] in process["threads"]:
            thread = process["threads"][event[2]]
            thread["name"], thread["end"] = event[3], event[4]
        elif kind == "task":
            _, _, tid, key, name, at, internal = event
            # An object's id is its address, free again once it is gone: pair by open ones.
            task = {"name": name, "tid": tid, "start": at, "end": None, "internal": internal}
            process["tasks"][len(process["tasks"])] = process["open"][key] = task
        elif kind == "task-end" and event[2] in process["open"]:
            task = process["open"].pop(event[2])
            task["name"] = event[3] or task["name"]
            task["end"], task["state"] = event[4], event[5]
        elif kind == "work":
            _, _, tid, key, name, at = event
            work = {"name": name, "tid": tid, "start": at, "end": None}
            process["work"][len(process["work"])] = process["open"][key] = work
        elif kind == "work-end" and event[2] in process["open"]:
            process["open"].pop(event[2])["end"] = event[3]
        elif kind == "greenlet":
            _, _, tid, key, name, began, at = event
            glet = process["greenlets"].setdefault(
                key, {"name": name, "tid": tid, "start": began, "end": at, "runs": []}
            )
            glet["name"] = name
            glet["end"] = max(glet["end"], at)
            glet["runs"].append({"start": began, "end": at})
        elif kind == "acquired":
            _, _, tid, semaphore, asked, at = event
            process["holds"].append(
                {"semaphore": semaphore, "tid": tid, "asked": asked, "start": at, "end": None}
            )
        elif kind == "released":
            _, _, tid, semaphore, at, _ = event
            open_holds = [
                h for h in process["holds"] if h["semaphore"] == semaphore and not h["end"]
            ]
            mine = [h for h in open_holds if h["tid"] == tid]
            if mine or open_holds:
                (mine or open_holds)[0]["end"] = at
            else:  # released before anyone acquired it: a signal between threads, not a limit
                process["signals"].add(semaphore)
    origin = min(p["start"] for p in processes.values())
    for pid, process in processes.items():
        process["name"] = process["name"] or names.get(pid, "")
        if process["end"] is None:
            fatal = sorted(at for at, number in sent.get(pid, ()) if number in FATAL)
            fatal = [at for at in fatal if at >= process["start"]]
            if fatal:
                process["end"], process["ended"] = fatal[0], _signal_name(sent[pid], fatal[0])
            elif pid in reaped:
                process["end"], process["ended"] = reaped[pid][0], "reaped"
            else:
                process["end"], process["ended"] = ended, "runner"
        if pid in reaped and reaped[pid][0] > process["end"]:
            process["zombie_until"] = reaped[pid][0]
        for lanes in (process["threads"], process["tasks"], process["work"]):
            for lane in lanes.values():
                if lane["end"] is None:
                    lane["end"], lane["cut_off"] = process["end"], True
        signals = process["signals"]
        process["holds"] = [h for h in process["holds"] if h["semaphore"] not in signals]
        for hold in process["holds"]:
            hold["end"] = hold["end"] or process["end"]
    timeline = _relative(_tree(processes), origin)
    if samples:
        readable = samples.get("readable", {})
        waits = next((name for name in ("syscall", "wchan") if readable.get(name)), "")
        timeline["sampled"] = {
            "looks": samples.get("looks", 0),
            "cost_us": samples.get("cost", 0) // 1000,  # the reaper's CPU time spent looking
            "tick_us": samples.get("tick", sampler.TICK) // 1000,  # the kernel's lag at most
            "waits_from": waits,  # "syscall", "wchan", or "" where no kind of wait is known
        }
    return timeline


def _signal_name(sent: list[tuple[int, int]], at: int) -> str:
    number = next(n for t, n in sent if t == at)
    return signals.Signals(number).name


def _tree(processes: dict[int, dict]) -> list[dict]:
    """The processes, each parent before its children, children in the order they started."""
    children: dict[int, list[dict]] = defaultdict(list)
    for process in processes.values():
        children[process["ppid"]].append(process)
    ordered: list[dict] = []

    def visit(process: dict, depth: int) -> None:
        process["depth"] = depth
        ordered.append(process)
        for child in sorted(children.get(process["pid"], ()), key=lambda p: p["start"]):
            visit(child, depth + 1)

    roots = [p for p in processes.values() if p["ppid"] not in processes]
    for root in sorted(roots, key=lambda p: p["start"]):
        visit(root, 0)
    return ordered


def _relative(processes: list[dict], origin: int) -> Timeline:
    def us(ns: int) -> int:
        return max(0, (ns - origin) // 1000)

    def cpu(lane: dict) -> list[list]:
        return _compact(
            [
                [us(start), us(end), on_cpu // 1000, ready // 1000, wait]
                for start, end, on_cpu, ready, wait in _clipped(lane["cpu"], lane)
            ]
        )

    shown = []
    for process in processes:
        nested = ("threads", "tasks", "work", "holds", "signals", "greenlets", "open")
        entry = {k: v for k, v in process.items() if k not in nested}
        entry["cpu"] = cpu(process)
        for name in ("start", "end", "zombie_until"):
            if name in entry:
                entry[name] = us(entry[name])
        for name in ("threads", "tasks", "work"):
            lanes = sorted(process[name].values(), key=lambda lane: lane["start"])
            entry[name] = [
                lane | {"start": us(lane["start"]), "end": us(lane["end"])} for lane in lanes
            ]
        for thread in entry["threads"]:
            thread["cpu"] = cpu(process["threads"][thread["tid"]])
        entry["greenlets"] = [
            glet
            | {
                "start": us(glet["start"]),
                "end": us(glet["end"]),
                "runs": [{"start": us(r["start"]), "end": us(r["end"])} for r in glet["runs"]],
            }
            for glet in sorted(process["greenlets"].values(), key=lambda g: g["start"])
        ]
        entry["holds"] = [
            hold | {"asked": us(hold["asked"]), "start": us(hold["start"]), "end": us(hold["end"])}
            for hold in process["holds"]
        ]
        shown.append(entry)
    last = max(p.get("zombie_until", p["end"]) for p in shown)
    return {"duration": last, "processes": shown}


def _clipped(slices: list[list], lane: dict) -> list[list]:
    """The slices within the lane's life (ns): a look may come before a thread's recorded
    start, or after its end; a slice cut short keeps its share of the time on a CPU."""
    kept = []
    for start, end, on_cpu, ready, wait in slices:
        begin, until = max(start, lane["start"]), min(end, lane["end"])
        if until <= begin:
            continue
        share = (until - begin) / max(end - start, 1)
        kept.append([begin, until, round(on_cpu * share), round(ready * share), wait])
    return kept


FULL = 0.98  # a slice on a CPU this share of it or more: consecutive ones are kept as one


def _compact(slices: list[list]) -> list[list]:
    """Consecutive slices of the same wait spent on a CPU all along, or not at all and ready
    for the same share, as one (a run that computed for seconds, looked at every few
    milliseconds, is cached as a few); a slice partly on a CPU stays as it was sampled."""
    merged: list[list] = []
    for piece in slices:
        if merged and _alike(merged[-1], piece):
            last = merged[-1]
            last[1:4] = [piece[1], last[2] + piece[2], last[3] + piece[3]]
        else:
            merged.append(list(piece))
    return merged


def _alike(last: list, piece: list) -> bool:
    if last[1] != piece[0] or last[4] != piece[4]:
        return False
    length, more = max(last[1] - last[0], 1), max(piece[1] - piece[0], 1)
    if last[2] >= FULL * length and piece[2] >= FULL * more:
        return True
    return not last[2] and not piece[2] and abs(last[3] / length - piece[3] / more) < 1 - FULL


# ------------------------------------------------------------------ what ran at once


def most_at_once(spans: Iterable[tuple[int, int]]) -> int:
    """The most spans in progress at one moment (one ending as another starts: not both)."""
    edges = sorted((t, step) for start, end in spans for t, step in ((start, 1), (end, -1)))
    most = running = 0
    for _, step in edges:
        running += step
        most = max(most, running)
    return most


def shown_threads(process: dict) -> list[dict]:
    """The threads of a process the drawing shows: the program's, not the library's own."""
    return [thread for thread in process["threads"] if not thread.get("internal")]


def shown_tasks(process: dict) -> list[dict]:
    """The asyncio tasks of a process the drawing shows: the program's, not asyncio's own."""
    return [task for task in process["tasks"] if not task.get("internal")]


def lanes(timeline: Timeline) -> int:
    """How many lanes the drawing has: processes, threads other than main, tasks."""
    return sum(
        1 + len(shown_threads(p)) + len(shown_tasks(p)) + len(p.get("greenlets", ()))
        for p in timeline["processes"]
    )


def label(process: dict) -> str:
    return process["name"] or f"PID {process['pid']}"


def siblings(timeline: Timeline) -> list[tuple[str, str, list[dict]]]:
    """Each group of two or more sibling lanes, as (kind, where, lanes): the processes one
    process started, a process's threads (besides its main one), its asyncio tasks."""
    processes: Sequence[dict] = timeline["processes"]
    by_parent: dict[int, list[dict]] = defaultdict(list)
    for process in processes:
        by_parent[process["ppid"]].append(process)
    found = []
    for process in processes:
        for kind, lanes in (
            ("processes", by_parent.get(process["pid"], [])),
            ("threads", shown_threads(process)),
            ("tasks", shown_tasks(process)),
        ):
            if len(lanes) >= 2:
                found.append((kind, label(process), lanes))
    return found


def overlaps(timeline: Timeline) -> list[dict]:
    """What ran at the same time: for each group of siblings, the most at once."""
    found = []
    processes: Sequence[dict] = timeline["processes"]

    def group(kind: str, where: str, spans: list[dict]) -> None:
        if len(spans) >= 2:
            most = most_at_once((s["start"], s["end"]) for s in spans)
            found.append({"kind": kind, "where": where, "count": len(spans), "most": most})

    for kind, where, lanes in siblings(timeline):
        group(kind, where, lanes)
    group("work", "", [w for p in processes for w in p["work"]])
    for process in processes:
        runs = [run for glet in process.get("greenlets", ()) for run in glet["runs"]]
        if len(process.get("greenlets", ())) >= 2:
            found.append(
                {
                    "kind": "greenlets",
                    "where": label(process),
                    "count": len(process["greenlets"]),
                    "most": most_at_once((r["start"], r["end"]) for r in runs),
                }
            )
    holds: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for process in processes:
        for hold in process["holds"]:
            holds[process["pid"], hold["semaphore"]].append(hold)
    for spans in holds.values():
        group("holds", "", spans)
    return found
