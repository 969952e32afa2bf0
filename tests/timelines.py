"""A snippet's timeline as the build records it, and what tests read from one.

`record("snippets/…/x.py", start_method="spawn")` runs the snippet exactly as the build does,
with the timeline recorder on (`snippet_runner.timeline`) and its threads sampled from outside
(`snippet_runner.sampler`), and returns the run; `run.timeline` holds its processes, threads,
asyncio tasks, work items and semaphore holds, every time in µs from the first process's start,
and each process's and thread's time on a CPU and waits (`snippet_runner.oncpu` reads them).
The helpers below name what tests assert; `took_turns` and `were_at_once` what the samples
prove of lanes on a CPU at once, measuring again where a busy machine keeps them from telling;
`made_up` writes a sampled timeline for the purpose (`threads_then_processes`, one), and
`said_of` reads a page's statement against it, as the build would.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT
from snippet_runner import launch, oncpu, snippet
from snippet_runner.interpreters import Interpreter
from snippet_runner.matrix import Combination
from snippet_runner.statements import Judgement, Statement, Statements, judge
from snippet_runner.timeline import Timeline, most_at_once, shown_threads

__all__ = [
    "SECOND",
    "Timeline",
    "judged_on",
    "made_up",
    "most_at_once",
    "process_named",
    "record",
    "said_by_every_page",
    "said_of",
    "tasks",
    "threads",
    "threads_then_processes",
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

# The bounds the pages' statements use (`oncpu.took_turns`, `oncpu.most_on_cpu_at_once`).
TURNS, NEVER_PROVEN, AT_ONCE = oncpu.TURNS, oncpu.NEVER, oncpu.PROVEN_SHARE


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


def were_at_once(
    run: Callable[[], Timeline], lanes: list[str], tries: int = 6
) -> tuple[Timeline, bool]:
    """A timeline of `run()` in which `lanes` were proven on CPUs at the same time, and True;
    or, where every try found the machine's cores held by other work, the last such, and False.

    A busy machine can only shorten that time, never invert it: a run whose lanes were not
    proven at once runs again, `tries` times in all, as the build measures a timing again
    before it fails. Lanes not proven at once in any try must have waited for a CPU in one of
    them at least (`oncpu.starved`: what the page then says instead of the sentence); lanes
    that took turns on free cores every time fail. Call it from a test marked `measure`.
    """
    seen = []
    busy = None  # the last try whose lanes waited for a CPU
    for _ in range(tries):
        timeline = run()
        proven = oncpu.proven_on_cpu_together(timeline, lanes)
        starved = oncpu.starved(timeline, lanes)
        seen.append((round(proven, 3), starved))
        if proven >= AT_ONCE:
            return timeline, True
        busy = timeline if starved else busy
    assert busy is not None, f"took turns on free cores in every try: {seen}"
    return busy, False


# ------------------------------------------------------------------ made up, for a statement

LOOK = 2000  # µs between two looks of a made-up timeline's sampler


def made_up(lanes: dict[str, tuple[int, int, list[float], str]], tick_us: int = 4000) -> Timeline:
    """A sampled timeline written for a test: each lane ("thread-1": a thread of the main
    process; any other name: a process it started) by its start and end (µs), the share of
    each look's slice it spent on a CPU (the pattern repeated), and what it waited for the
    rest of the slice ("gil", "lock", …; "ready": for a CPU)."""

    def lane(start: int, end: int, pattern: list[float], wait: str) -> dict:
        looks = range(start, end, LOOK)
        cpu = []
        for number, at in enumerate(looks):
            busy = round(pattern[number % len(pattern)] * LOOK)
            ready = LOOK - busy if wait == "ready" else 0
            cpu.append([at, at + LOOK, busy, ready, "" if wait == "ready" else wait])
        return {"start": start, "end": end, "cpu": cpu}

    ends = [end for _, end, _, _ in lanes.values()]
    main = {"pid": 1, "ppid": 0, "name": "", "start": 0, "end": max(ends), "cpu": []}
    main["threads"] = [
        {"name": name, "tid": number, **lane(*about)}
        for number, (name, about) in enumerate(lanes.items(), start=2)
        if name.startswith("thread")
    ]
    children = [
        {"pid": number, "ppid": 1, "name": name, "threads": [], **lane(*about)}
        for number, (name, about) in enumerate(lanes.items(), start=2)
        if not name.startswith("thread")
    ]
    sampled = {"tick_us": tick_us, "waits_from": "syscall"}
    return {"sampled": sampled, "processes": [main, *children]}


def judged_on(
    statement: Statement, timeline: Timeline, *, free_threaded: bool = False, free: float = 2.0
) -> Judgement:
    """`statement` read as the build reads it, of a run that drew `timeline` on a two-core
    machine whose other work left `free` cores to it."""
    name = "3.14t" if free_threaded else "3.14"
    interpreter = Interpreter(name, sys.executable, "3.14.2", "", free_threaded, "forkserver")
    result = launch.Run(output="", stderr="", returncode=0, duration=1.0)
    result.timeline = timeline
    result.machine = {"wall": 1.0, "busy": 2.0 - free, "cpu": 0.0, "cpus": 2}
    return judge(statement, result, Combination(interpreter))


def said_of(statement: Statement, timeline: Timeline, **run: float | bool) -> bool | None:
    """Whether `statement` holds of that run (`judged_on`), does not, or the machine could not
    show it (None)."""
    return judged_on(statement, timeline, **run).holds


def said_by_every_page(name: str, snippet: str) -> list[Statement]:
    """The statement `name` of every page that makes it of `snippet`'s runs (one page or more:
    pages that show the same block may say the same of it)."""
    found = [s for s in Statements(ROOT).about(snippet) if s.name == name]
    assert found, f"no page says {name} of {snippet}"
    return found


SECOND = 1_000_000  # µs
A_TURN = [1.0, 1.0, 0.5, 0.0, 0.0]  # a 5 ms turn on a CPU (2.5 looks), then the other's
ALL_ALONG = [1.0]


def threads_then_processes(
    *, threads_at_once: bool = False, processes_at_once: bool = True, waited: str = "gil"
) -> Timeline:
    """Made up: two CPU-bound threads ("thread-1", "thread-2") for a second, each waiting in
    `waited` while off a CPU, then two processes ("process-1", "process-2") on a CPU all along,
    at the same time or one after the other."""
    if threads_at_once:
        first, second = ALL_ALONG, ALL_ALONG
    else:
        first, second = A_TURN, [1.0 - share for share in A_TURN]
    later = SECOND if processes_at_once else 2 * SECOND
    return made_up(
        {
            "thread-1": (0, SECOND, first, waited),
            "thread-2": (0, SECOND, second, waited),
            "process-1": (SECOND, 2 * SECOND, ALL_ALONG, "ready"),
            "process-2": (later, later + SECOND, ALL_ALONG, "ready"),
        }
    )
