"""The timeline recorder, reader, drawing and trace (snippet_runner.timeline, drawing, trace)."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT
from snippet_runner import drawing, matrix, snippet, trace
from timelines import children, most_at_once, process_named, record, root, spans, tasks, threads

SCRIPTS = ROOT / "tests" / "runner" / "timeline_scripts"
ZOMBIE_FOR = 0.2  # children.py's default: how long the finisher stays unreaped


@pytest.fixture(scope="module", params=["fork", "spawn", "forkserver"])
def children_run(request):
    return request.param, record(SCRIPTS / "children.py", start_method=request.param)


def test_every_process_is_recorded_with_its_parent_by_any_start_method(children_run) -> None:
    method, run = children_run
    timeline = run.timeline
    main = root(timeline)
    finisher = process_named(timeline, "finisher")
    sleeper = process_named(timeline, "sleeper")
    pids = {p["pid"]: p for p in timeline["processes"]}
    for child in (finisher, sleeper):
        parent = pids[child["ppid"]]
        if method == "forkserver":  # forked by the fork server, which the main process started
            assert parent["ppid"] == main["pid"] and parent is not main
        else:
            assert parent is main
        assert main["start"] <= child["start"] < child["end"] <= main["end"]
    assert finisher["ended"] == "exit"


def test_a_killed_process_ends_when_the_signal_was_sent(children_run) -> None:
    _, run = children_run
    sleeper = process_named(run.timeline, "sleeper")
    assert sleeper["ended"] == "SIGKILL"
    assert sleeper["end"] < root(run.timeline)["end"]


def test_a_zombie_lasts_from_its_end_until_its_parent_reaps_it(children_run) -> None:
    method, run = children_run
    finisher = process_named(run.timeline, "finisher")
    zombie = finisher["zombie_until"] - finisher["end"]
    if method == "forkserver":
        # The fork server reaps its children as they end; the main process only hears of it.
        assert zombie < ZOMBIE_FOR * 1e6
    else:  # the main process waited ZOMBIE_FOR after seeing it a zombie before joining it
        assert zombie >= ZOMBIE_FOR * 1e6


@pytest.fixture(scope="module")
def threads_and_tasks():
    return record(SCRIPTS / "threads_and_tasks.py").timeline


def test_threads_are_recorded_with_their_names_and_overlap(threads_and_tasks) -> None:
    met = threads(threads_and_tasks, "meet-")
    assert sorted(t["name"] for t in met) == ["meet-0", "meet-1", "meet-2"]
    assert most_at_once(spans(met)) == 3  # the barrier let none go before all had arrived


def test_tasks_are_recorded_with_how_they_ended(threads_and_tasks) -> None:
    ended = {task["name"]: task for task in tasks(threads_and_tasks)}
    assert ended["failing"]["state"] == "failed"
    assert ended["sibling-1"]["state"] == ended["sibling-2"]["state"] == "cancelled"
    # Cancelled because of the failure: they end after it, not 30 s later.
    for name in ("sibling-1", "sibling-2"):
        assert ended["failing"]["end"] <= ended[name]["end"] < ended["failing"]["end"] + 5e6


def test_recording_changes_neither_output_nor_tracebacks() -> None:
    """A traceback through a wrapped function (Process.start under spawn) shows no recorder,
    and what the program logs is what it logs unrecorded."""
    for path in (
        "snippets/processes/multiprocessing_spawn_no_guard.py",
        "snippets/processes/multiprocessing_pool_lost_exception.py",
        "snippets/threads/threading_bounded_semaphore.py",
        # A task's end is recorded without retrieving its exception: still logged as lost.
        "snippets/coroutines/asyncio_never_retrieved.py",
        # Nothing added to a task (its repr lists its callbacks), nor held (it is collected).
        "snippets/coroutines/asyncio_task_stacks.py",
        "snippets/coroutines/asyncio_background_tasks.py",
        # Debug mode: where a task was created, and a coroutine's origin (10 frames deep).
        "snippets/coroutines/asyncio_debug_slow_callback.py",
        "snippets/coroutines/asyncio_never_awaited.py",
        # A thread's traceback, counted by the program itself.
        "snippets/threads/threading_async_raise_systemexit.py",
    ):
        plain = snippet.execute(ROOT / path)
        recorded = snippet.execute(ROOT / path, record=True)
        assert recorded.timeline is not None
        assert "_timeline" not in recorded.output
        assert matrix.normalised(recorded.output) == matrix.normalised(plain.output), path


# ------------------------------------------------------------------ the trace file

PHASES = {"X", "M", "b", "e"}
REQUIRED = {
    "X": {"name", "ph", "ts", "dur", "pid", "tid"},
    "M": {"name", "ph", "pid", "tid", "args"},
    "b": {"name", "cat", "ph", "ts", "pid", "tid", "id"},
    "e": {"name", "cat", "ph", "ts", "pid", "tid", "id"},
}


def test_the_trace_has_every_field_the_trace_event_format_requires(
    children_run, threads_and_tasks
) -> None:
    for timeline in (children_run[1].timeline, threads_and_tasks):
        written = json.loads(json.dumps(trace.trace_of(timeline, {"snippet": "x.py"})))
        assert written["displayTimeUnit"] == "ms"
        events = written["traceEvents"]
        assert events
        for event in events:
            assert event["ph"] in PHASES
            assert REQUIRED[event["ph"]] <= event.keys(), event
            assert isinstance(event["pid"], int) and isinstance(event["tid"], int)
            if "ts" in event:
                assert event["ts"] >= 0
            if event["ph"] == "X":
                assert event["dur"] >= 0
            if event["ph"] == "M":
                assert event["name"] in ("process_name", "thread_name")
                assert isinstance(event["args"]["name"], str)
        begun = sorted((e["cat"], e["id"]) for e in events if e["ph"] == "b")
        assert begun == sorted((e["cat"], e["id"]) for e in events if e["ph"] == "e")


# ------------------------------------------------------------------ the drawing


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_drawing_is_one_accessible_svg_labelled_in_the_pages_language(
    threads_and_tasks, language: str
) -> None:
    figure = drawing.draw(threads_and_tasks, language, "tl-test")
    words = drawing.WORDS[language]
    parsed = ET.fromstring(figure.replace(drawing.TRACE_LINK, "x.json").replace(drawing.ABOUT, ""))
    svg = parsed.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None and svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "tl-test-t tl-test-d"
    assert svg.find("{http://www.w3.org/2000/svg}title").text == words["title"]
    assert svg.find("{http://www.w3.org/2000/svg}desc").text == words["desc"]
    labels = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert {"meet-0", "meet-1", "meet-2", "failing", "sibling-1"} <= set(labels)
    alternative = "".join(parsed.find(".//details").itertext())
    assert words["threads_all"].format(where=f"PID {root(threads_and_tasks)['pid']}", count=3) in (
        alternative
    )
    assert words["cancelled"].format(where="sibling-1") in alternative


def test_the_search_index_is_the_same_without_the_timeline(threads_and_tasks) -> None:
    """The search plugin parses a copy of the page without the figure, which it excludes."""
    from search_copy import search_copy
    from test_hooks import indexed_text

    figure = drawing.draw(threads_and_tasks, "en", "tl-search")
    html = f'<h1 id="t">Title</h1><p>Before.</p>{figure}<h2 id="after">After</h2><p>Text.</p>'
    copy = search_copy(html)
    assert indexed_text(copy) == indexed_text(html)
    assert copy == '<h1 id="t">Title</h1><p>Before.</p><h2 id="after">After</h2><p>Text.</p>'


def test_children_are_drawn_under_their_parent(children_run) -> None:
    _, run = children_run
    rows = drawing.rows_of(run.timeline, drawing.WORDS["en"])
    depth = {row["label"]: row["indent"] for row in rows if row["kind"] == "process"}
    main = root(run.timeline)
    assert depth["finisher"] > depth[f"PID {main['pid']}"]
    assert all(child["depth"] > main["depth"] for child in children(run.timeline, main))


def test_the_trace_has_what_viztracer_writes_for_the_same_program(tmp_path) -> None:
    """VizTracer writes the same format: every field it gives its events, ours have too, of
    the same type, and the threads it names are the threads ours names."""
    program = SCRIPTS / "threads_and_tasks.py"
    written = tmp_path / "viztracer.json"
    subprocess.run(
        [sys.executable, "-m", "viztracer", "--quiet", "-o", str(written), str(program)],
        cwd=tmp_path,
        check=True,
        timeout=120,
    )
    reference = json.loads(written.read_text())["traceEvents"]
    ours = trace.trace_of(record(program).timeline, {})["traceEvents"]
    for phase in {event["ph"] for event in reference}:
        theirs = [event for event in reference if event["ph"] == phase]
        mine = [event for event in ours if event["ph"] == phase]
        assert mine, phase
        for field in set().union(*(event.keys() for event in theirs)):
            kinds = {type(event[field]) for event in theirs if field in event}
            assert all(field in event for event in mine), (phase, field)
            assert {type(event[field]) for event in mine} <= kinds | {int, float}, (phase, field)

    def thread_names(events: list[dict]) -> set[str]:
        named = [e["args"]["name"] for e in events if e.get("name") == "thread_name"]
        return {name for name in named if name.startswith("meet-")}

    assert thread_names(ours) == thread_names(reference) == {"meet-0", "meet-1", "meet-2"}


def test_a_semaphore_released_before_anyone_acquires_it_is_a_signal_not_a_limit() -> None:
    """queue_shutdown's workers release a Semaphore(0) the main thread then acquires: no holds."""
    from newer_python import newest

    run = record("snippets/threads/queue_shutdown.py", interpreter=newest("3.13").path)
    assert all(not process["holds"] for process in run.timeline["processes"])
    assert threads(run.timeline, "worker-")  # the threads themselves are there


def test_greenlets_are_named_as_the_program_spawned_them() -> None:
    """gevent forgets what a greenlet runs once it has run, and a pool wraps it in a partial:
    each lane still says the function and its first argument."""
    spawned = record("snippets/coroutines/gevent_patch_late.py").timeline["processes"][0]
    assert {"fetch('g0')", "fetch('g1')", "fetch('g2')"} <= names(spawned["greenlets"])
    pooled = record("snippets/coroutines/gevent_pool.py").timeline["processes"][0]
    assert {f"download({n})" for n in range(8)} <= names(pooled["greenlets"])


def names(greenlets: list[dict]) -> set[str]:
    return {greenlet["name"] for greenlet in greenlets}
