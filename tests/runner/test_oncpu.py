"""When each thread was on a CPU and what it waited for, sampled from outside (snippet_runner.
sampler), on runs whose behaviour is known: what oncpu, the drawing and the trace make of it."""

from __future__ import annotations

import contextlib
import json
import os
import re
import string
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT
from newer_python import newest
from snippet_runner import drawing, fences, interpreters, oncpu, plan, quiet, sampler, trace
from snippet_runner.launch import Limits
from snippet_runner.matrix import Combination
from timelines import record, took_turns, were_at_once

SCRIPTS = ROOT / "tests" / "runner" / "timeline_scripts"
WAIT = 0.4  # seconds each thread of waits.py waits
SPIN = 0.3  # seconds of CPU each spinner of spinners.py uses
GIL_ENABLED = getattr(sys, "_is_gil_enabled", lambda: True)()
SVG = "{http://www.w3.org/2000/svg}"


def spinning(kind: str, **options) -> dict:
    """The timeline of two spinning threads or processes."""
    variables = {"SPINNERS": kind, "SPIN_SECONDS": str(SPIN)}
    return record(SCRIPTS / "spinners.py", variables=variables, **options).timeline


@pytest.fixture(scope="module")
def waits_run() -> dict:
    return record(SCRIPTS / "waits.py", variables={"WAIT_SECONDS": str(WAIT)}).timeline


# ------------------------------------------------------------------ waits


def test_a_sleeping_thread_is_shown_asleep(waits_run) -> None:
    waited = oncpu.waits(waits_run, "sleeper")
    assert waited.get("sleep", 0) >= WAIT / 2, waited
    assert oncpu.on_cpu(waits_run, "sleeper") < WAIT / 4


def test_a_thread_blocked_on_a_lock_is_shown_in_a_futex_wait(waits_run) -> None:
    waited = oncpu.waits(waits_run, "locked")
    assert waited.get("lock", 0) >= WAIT / 2, waited
    assert waited.get("gil", 0) < WAIT / 4  # a Lock of the program's own is not the GIL


def test_a_thread_reading_a_pipe_waits_for_io_and_a_parent_for_its_child(waits_run) -> None:
    assert oncpu.waits(waits_run, "reader").get("io", 0) >= WAIT / 2
    main = waits_run["processes"][0]
    assert oncpu.waits(waits_run, main).get("child", 0) >= WAIT / 2


def test_waits_that_say_nothing_are_not_said(waits_run) -> None:
    """Nothing of waits.py computes: no sentence about being on a CPU at once."""
    assert oncpu.busy_groups(waits_run) == []
    for words in drawing.WORDS.values():
        assert drawing.cpu_sentences(waits_run, words) == []


def test_both_languages_say_every_sentence_with_the_same_figures() -> None:
    def figures(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    zh, en = drawing.WORDS["zh"], drawing.WORDS["en"]
    assert zh.keys() == en.keys()
    for key in zh:
        assert figures(zh[key]) == figures(en[key]), key


@pytest.mark.parametrize("language", ["zh", "en"])
def test_each_wait_drawn_has_a_legend_entry_and_its_words_in_the_text(
    waits_run, language: str
) -> None:
    words = drawing.WORDS[language]
    figure = drawing.draw(waits_run, language, "tl-waits")
    parsed = ET.fromstring(figure.replace(drawing.TRACE_LINK, "x.json").replace(drawing.ABOUT, ""))
    svg = parsed.find(f".//{SVG}svg")
    drawn = {path.get("class") for path in svg.iter(f"{SVG}path")}
    legend = {rect.get("class") for rect in svg.iter(f"{SVG}rect") if rect.get("width") == "14"}
    texts = {text.text for text in svg.iter(f"{SVG}text")}
    for kind in ("sleep", "lock", "io", "child"):
        assert f"tl-{kind}" in drawn and f"tl-{kind}" in legend, kind
        assert words[f"legend_{kind}"] in texts
    table = "".join(parsed.find(".//details").itertext())
    assert words["on_cpu"] in table
    for kind in ("sleep", "lock", "io", "child"):
        assert words[f"legend_{kind}"] in table, kind


# ------------------------------------------------------------------ on a CPU at once


@pytest.mark.skipif(not GIL_ENABLED, reason="a free-threaded build runs threads at once")
@pytest.mark.parametrize("interpreter", ["own", "3.13"])
def test_two_spinning_threads_under_the_gil_take_turns(interpreter: str) -> None:
    path = sys.executable if interpreter == "own" else newest(interpreter).path
    timeline = took_turns(lambda: spinning("threads", interpreter=path), ["spin-"])
    for name in ("spin-1", "spin-2"):  # each waited for the GIL while the other computed
        assert oncpu.waits(timeline, name).get("gil", 0) > 0
    for language, words in drawing.WORDS.items():
        said = drawing.cpu_sentences(timeline, words)
        kinds = ("cpu_turns", "cpu_apart", "cpu_never")
        assert any(_says(words[kind], said) for kind in kinds), (language, said)


@pytest.mark.measure
def test_two_spinning_processes_are_on_a_cpu_at_once_given_two_free_cores(start_method) -> None:
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: nothing can be on a CPU at once")
    timeline, at_once = were_at_once(
        lambda: spinning("processes", start_method=start_method), ["spin-"]
    )
    # At once where the machine left two cores free; where other work held them (a busy core
    # beside the test), the drawing says how long they waited for a free CPU instead.
    assert (oncpu.most_on_cpu_at_once(timeline, ["spin-"]) == 2) == at_once
    for language, words in drawing.WORDS.items():
        said = drawing.cpu_sentences(timeline, words)
        kinds = ("cpu_together", "cpu_about") if at_once else ("cpu_ready",)
        assert any(_says(words[kind], said) for kind in kinds), (language, said)


def _says(template: str, said: list[str]) -> bool:
    """Whether a sentence of `said` is `template` filled in (has its longest fixed part)."""
    fixed = max(re.split(r"\{\w+\}", template), key=len)
    return any(fixed in sentence for sentence in said)


# ------------------------------------------------------------------ the bounds, on made-up samples

SLICE = 2000  # µs between two looks


def _lanes(*shares: list[float], tick_us: int = 4000) -> dict:
    """A timeline of lanes "a", "b", … sampled every SLICE µs, each slice on a CPU for the
    given share of it (repeated over a second)."""
    count = 1_000_000 // SLICE
    threads = [
        {
            "name": name,
            "tid": number,
            "start": 0,
            "end": count * SLICE,
            "cpu": [
                [i * SLICE, (i + 1) * SLICE, round(pattern[i % len(pattern)] * SLICE), 0, ""]
                for i in range(count)
            ],
        }
        for number, (name, pattern) in enumerate(zip("ab", shares, strict=False), start=2)
    ]
    process = {"pid": 1, "ppid": 0, "name": "", "start": 0, "end": count * SLICE, "cpu": []}
    return {"sampled": {"tick_us": tick_us}, "processes": [process | {"threads": threads}]}


def test_lanes_on_cpus_all_along_are_proven_at_once_whatever_the_kernels_lag() -> None:
    timeline = _lanes([1.0], [1.0])
    assert oncpu.proven_on_cpu_together(timeline, ["a", "b"]) >= 0.9
    assert oncpu.on_cpu_together(timeline, ["a", "b"]) >= 0.9
    assert oncpu.most_on_cpu_at_once(timeline, ["a", "b"]) == 2


def test_lanes_that_take_turns_are_never_proven_at_once() -> None:
    """Two threads under the GIL, each a 5 ms turn (2.5 looks), then the other."""
    turns = [1.0, 1.0, 0.5, 0.0, 0.0]
    timeline = _lanes(turns, [1.0 - share for share in turns])
    assert oncpu.proven_on_cpu_together(timeline, ["a", "b"]) == 0
    assert oncpu.on_cpu_together(timeline, ["a", "b"]) == 0
    assert oncpu.at_once(timeline, ["a", "b"]).share("most") > 0  # the most is loose
    assert oncpu.most_on_cpu_at_once(timeline, ["a", "b"]) == 1


def test_time_counted_late_goes_back_into_the_slices_it_was_spent_in() -> None:
    """A running thread's time is added at scheduler ticks (4 ms here): looks every 2 ms see
    0, 4, 0, 4 ms; the slices hold 2 ms each. Time ready for a CPU is added when it gets one:
    the end of the wait before is split off to hold it."""
    ms = 1_000_000
    spinning = sampler._Thread("/proc/1/task/1", 0)
    for look, counted in enumerate([0, 4, 0, 4, 0, 4], start=1):
        spinning.add(2 * ms * look, counted * ms, 0, "")
    assert [piece[2] for piece in spinning.slices] == [2 * ms] * 6
    waking = sampler._Thread("/proc/1/task/2", 0)
    waking.add(500 * ms, 0, 0, "sleep")
    waking.add(502 * ms, 1 * ms, 5 * ms, "")
    assert [piece[:4] for piece in waking.slices] == [
        [0, 496 * ms, 0, 0],
        [496 * ms, 500 * ms, 0, 4 * ms],
        [500 * ms, 502 * ms, 1 * ms, 1 * ms],
    ]


# ------------------------------------------------------------------ the trace


def test_the_trace_has_a_row_per_thread_with_its_time_on_a_cpu_nested_in_its_events() -> None:
    timeline = spinning("threads")
    events = json.loads(json.dumps(trace.trace_of(timeline, {})))["traceEvents"]
    named = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e["name"] == "thread_name"}
    cpu = [e for e in events if e.get("cat") == "cpu"]
    for spinner in ("spin-1", "spin-2"):
        [row] = [key for key, name in named.items() if name == spinner]
        mine = [e for e in cpu if (e["pid"], e["tid"]) == row]
        assert any(e["name"] == trace.STATES["oncpu"] for e in mine), spinner
        assert sum(e["args"]["on_cpu_ms"] for e in mine) >= 0.5 * SPIN * 1000
    rows = {(e["pid"], e["tid"]) for e in events if e["ph"] == "X"}
    for row in rows:  # complete events on one row nest: none begins inside another and outlasts it
        spans = sorted(
            (
                (e["ts"], e["ts"] + e["dur"])
                for e in events
                if e["ph"] == "X" and (e["pid"], e["tid"]) == row
            ),
            key=lambda span: (span[0], -span[1]),
        )
        open_ends: list[int] = []
        for start, end in spans:
            while open_ends and open_ends[-1] <= start:
                open_ends.pop()
            assert not open_ends or end <= open_ends[-1], (row, start, end, open_ends)
            open_ends.append(end)


# ------------------------------------------------------------------ from outside, degraded


@pytest.fixture
def waiting_process(tmp_path):
    """A process with a sleeping thread and one blocked on a lock, its events file in a run
    folder as the recorder would leave it, and a sampler for that folder."""
    program = (
        "import threading, time\n"
        "lock = threading.Lock(); lock.acquire()\n"
        "threading.Thread(target=time.sleep, args=(30,), name='sleeper', daemon=True).start()\n"
        "threading.Thread(target=lock.acquire, name='locked', daemon=True).start()\n"
        "print('ready', flush=True)\n"
        "time.sleep(30)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "ready\n"
    (tmp_path / f"{child.pid}-0.events").touch()
    yield child, sampler.Sampler(str(tmp_path))
    child.kill()
    child.wait()


def _kinds_seen(watching: sampler.Sampler, looks: int = 6) -> set[str]:
    for _ in range(looks):
        watching.look()
        time.sleep(0.02)
    return {piece[4] for thread in watching.threads.values() for piece in thread.slices}


def test_where_syscall_is_closed_the_kernel_function_still_tells_sleeps_and_locks(
    waiting_process,
) -> None:
    _, watching = waiting_process
    watching.readable["syscall"] = False
    kinds = _kinds_seen(watching)
    assert {"sleep", "lock"} <= kinds
    assert "gil" not in kinds  # only the system call's arguments tell the GIL from a lock


def test_where_neither_file_says_a_wait_has_no_kind_and_time_on_a_cpu_is_still_sampled(
    waiting_process,
) -> None:
    _, watching = waiting_process
    watching.readable.update(syscall=False, wchan=False)
    assert _kinds_seen(watching) == {""}
    assert watching.threads  # its threads are sampled all the same


def test_an_unrecorded_run_is_not_sampled() -> None:
    """A measurement runs without $SNIPPET_TIMELINE: its reaper only waits."""
    watching = sampler.Sampler.of_run(
        {key: value for key, value in os.environ.items() if key != sampler.VARIABLE}
    )
    reading, writing = os.pipe()
    try:
        assert watching.wait([reading], time.monotonic() + 0.05) == []
    finally:
        os.close(reading)
        os.close(writing)
    assert watching.looks == 0


# ------------------------------------------------------------------ measurements


def test_a_measurement_runs_unrecorded_so_nothing_samples_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A block marked alone="1" (a timing measurement) runs as it would anywhere: no recorder in
    it, no sampler beside it; the same block unmarked is recorded and sampled."""
    # This test holds the quiet lock already, as every test does (conftest): no second hold.
    monkeypatch.setattr(quiet, "alone", contextlib.nullcontext)
    monkeypatch.setattr(quiet, "shared", contextlib.nullcontext)
    script = SCRIPTS / "spinners.py"
    # Long enough for the sampler to see a thread on a CPU with the machine busy beside it
    # (at 0.05 s, a thread could start and end between two of its looks).
    variables = {"SPINNERS": "threads", "SPIN_SECONDS": "0.3"}
    ran = {}
    for alone in ("1", ""):
        block = fences.block_of(script, {"alone": alone}, Limits(timeout=60))
        run = plan.run(block, Combination(interpreters.own()), variables)
        assert run.returncode == 0, run.output
        ran[alone] = run
    assert ran["1"].timeline is None
    assert oncpu.sampled(ran[""].timeline)
    assert oncpu.on_cpu(ran[""].timeline, "spin-1") > 0
