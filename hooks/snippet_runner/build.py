"""One build's runs: each snippet at most once for all languages, and the build's summary line.

mkdocs-static-i18n nests one build per extra language inside the first: what ran for one
language serves the others, and the summary is logged once, when the outermost build ends.
What a block runs on comes from the interpreters found (`interpreters`, `matrix`): the main
one is the newest, except for a snippet that needs packages only another one has.
"""

from __future__ import annotations

import json
import logging
import re
import textwrap
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, claims, drawing, interpreters, matrix, plan, quiet, timeline, trace
from .fences import Block
from .interpreters import Interpreter
from .launch import Limits, Run, format_size
from .matrix import Combination
from .snippet import ROOT

log = logging.getLogger("mkdocs.plugins.snippet_runner")
# Set for every run: the interpreters the build found, as JSON.
INTERPRETERS_VARIABLE = "SNIPPET_INTERPRETERS"
TRACES = "assets/traces"  # where in the site the runs' trace files are written
# Found once per process (and per list): `mkdocs serve` does not look again at every rebuild.
_found: dict[tuple[str, ...], tuple[list[Interpreter], list[str]]] = {}
_imports: dict[tuple[str, frozenset[str]], bool] = {}


def find_interpreters(names: tuple[str, ...]) -> tuple[list[Interpreter], list[str]]:
    if names not in _found:
        _found[names] = interpreters.find(names)
    return _found[names]


def can_import(interpreter: Interpreter, modules: frozenset[str]) -> bool:
    if (interpreter.path, modules) not in _imports:
        _imports[interpreter.path, modules] = interpreters.can_import(interpreter, modules)
    return _imports[interpreter.path, modules]


@dataclass
class BuildState:
    """What the current build (all languages) has run, so each snippet runs at most once."""

    depth: int = 0  # nesting of the per-language builds
    started: float = 0.0
    results: dict[str, Run] = field(default_factory=dict)
    ran: dict[str, tuple[str, float]] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    page: str = "?"
    language: str = "zh"
    limits: Limits = field(default_factory=Limits)
    workers: int = 6
    ahead: dict[str, Future[Run]] = field(default_factory=dict)  # runs started before the pages
    # Files do not change during a build: what was derived from them is worked out once.
    keys: dict[tuple[Path, str], str] = field(default_factory=dict)
    snippets_by_content: dict[str, Path] | None = None
    # The pages' rendering holds the quiet lock shared, but for waits on notebooks.
    rendering: quiet.Holder = field(default_factory=quiet.Holder)
    # What snippets run on: the interpreters found (newest first) and the names missing.
    found: list[Interpreter] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    hosts: dict[tuple[Path, tuple[int, int]], list[Interpreter]] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)  # for every run: what was found
    # The trace files the pages link to: file name -> (timeline, what it ran).
    traces: dict[str, tuple[dict, dict[str, str]]] = field(default_factory=dict)
    page_url: str = ""

    def use_interpreters(self, names: list[str]) -> None:
        """The interpreters of mkdocs.yml's list this machine has; MkDocs' own if none.

        `variables` (what every run gets) follows from them, set here once.
        """
        self.found, self.missing = find_interpreters(tuple(names))
        if not self.found:
            self.found = [interpreters.own()]
        listed = [
            {
                "name": i.name,
                "path": i.path,
                "version": i.version,
                "free_threaded": i.free_threaded,
                "start_method": i.start_method,
            }
            for i in self.found
        ]
        self.variables = {INTERPRETERS_VARIABLE: json.dumps(listed)}

    def hosts_of(self, script: Path, requires: tuple[int, int] = (3, 0)) -> list[Interpreter]:
        """The interpreters found that `script` can run on: new enough (`requires`), with the
        packages it imports (all of them, for most)."""
        if (script, requires) not in self.hosts:
            needed = frozenset(cache.third_party_imports(script))
            able = [i for i in self.found if i.minor_version >= requires and can_import(i, needed)]
            if not able:  # let it run where MkDocs runs, and fail there if it must
                able = [interpreters.own()]
            self.hosts[script, requires] = able
        return self.hosts[script, requires]

    def combinations_of(self, block: Block) -> list[Combination]:
        hosts = self.hosts_of(block.script, block.requires)
        return matrix.combinations(block.matrix, hosts[0], hosts)

    def key_of(self, script: Path, combination: Combination) -> str:
        interpreter = combination.interpreter
        runs_on = "\n".join(
            [
                interpreter.path,
                interpreter.build,
                combination.start_method or "default",
                self.variables[INTERPRETERS_VARIABLE],
            ]
        )
        if (script, runs_on) not in self.keys:
            self.keys[script, runs_on] = cache.cache_key(script, runs_on=runs_on)
        return self.keys[script, runs_on]

    def runs_of(self, block: Block) -> list[tuple[str, Combination]]:
        return [(self.key_of(block.script, c), c) for c in self.combinations_of(block)]

    def snippet_of(self, code: str) -> Path | None:
        """The file under snippets/ whose content is `code` (what `--8<--` included), if any."""
        if self.snippets_by_content is None:
            self.snippets_by_content = {}
            for path in sorted((ROOT / "snippets").rglob("*.py"), reverse=True):
                self.snippets_by_content[path.read_text(encoding="utf-8").strip()] = path
        return self.snippets_by_content.get(textwrap.dedent(code).strip())

    def begin(self, docs_dir: Path) -> None:
        """A build starts: forget the last one, and start the runs its pages will need."""
        if self.depth == 0:
            self.started = time.perf_counter()
            for collection in (self.results, self.ran, self.cached, self.failed, self.ahead):
                collection.clear()
            self.keys.clear()
            self.hosts.clear()
            self.snippets_by_content = None
            needed = plan.plan(docs_dir, self.limits, self.runs_of)
            self.ahead.update(plan.start(needed, self.workers, self.variables))
            self.rendering.take()
        self.depth += 1

    def end(self, site_dir: Path | None = None) -> None:
        self.depth -= 1
        if self.depth == 0:
            self.rendering.release()
            if site_dir is not None:
                self.write_traces(site_dir)
            log.info(summary(self))

    def trace_link(self, key: str, run: Run, about: dict[str, str]) -> str:
        """The address, from the current page, of the trace file of `run` (written at the end)."""
        name = f"{key[:16]}.json"
        self.traces[name] = (run.timeline or {}, about)
        depth = len([part for part in self.page_url.split("/")[:-1] if part])  # its folders
        return "../" * depth + f"{TRACES}/{name}"

    def write_traces(self, site_dir: Path) -> None:
        folder = site_dir / TRACES
        folder.mkdir(parents=True, exist_ok=True)
        for name, (recorded, about) in self.traces.items():
            content = json.dumps(trace.trace_of(recorded, about), separators=(",", ":"))
            (folder / name).write_text(content, encoding="utf-8")

    def abort(self) -> None:
        self.rendering.release()
        if self.depth > 0:
            self.depth = 0
            log.info(summary(self))

    def results_of(self, block: Block) -> list[tuple[Combination, Run]]:
        """Every run the block asks for, the main one first."""
        return [(c, self.result(block, c)) for c in self.combinations_of(block)]

    def result(self, block: Block, combination: Combination) -> Run:
        """One run of the block: from this build, from the disk cache, or a fresh one.

        Only a run that passes is cached, so a failing snippet runs again in the next build
        (but once in this one, whatever the number of languages).
        """
        key = self.key_of(block.script, combination)
        if key in self.results:
            return self.results[key]
        result = cache.load(key)
        if result is not None:
            self.cached.add(key)
        else:
            started_ahead = self.ahead.pop(key, None)
            # Waiting holds nothing: a run still queued may need a measurement to finish
            # first, and the measurement waits for every shared holder to let go.
            with self.rendering.let_go():
                if started_ahead:
                    result = started_ahead.result()
                else:
                    result = plan.run(block, combination, self.variables)
            self.ran[key] = (str(block.script.relative_to(ROOT)), result.duration)
            if result.timeline and timeline.lanes(result.timeline) > 1:
                # Drawn once, for every language, and cached with the output.
                result.drawn = {
                    language: drawing.draw(result.timeline, language, f"tl-{key[:10]}")
                    for language in drawing.WORDS
                }
            if failure(result, block) is None:
                cache.store(key, result)
        self.results[key] = result
        return result


state = BuildState()


def failure(result: Run, block: Block) -> str | None:
    """Why `result` fails its block, in a sentence for the build log; None if it passes."""
    others = len(result.killed)
    also = f" and the {others} other process{'es' if others != 1 else ''} it had started" * bool(
        others
    )
    limits = block.limits
    if result.ending == "timeout":
        return f"timed out after {limits.timeout:g} s; killed it{also}"
    if result.ending == "output":
        return (
            f"printed more than its output limit of {format_size(limits.output)}; "
            f'stopped it{also} (a block may set output_limit="…")'
        )
    if result.ending == "lost":
        return "the supervisor never reported how the run ended; its processes were killed"
    if result.returncode != block.returncode:
        why = f"exited with code {result.returncode} (expected {block.returncode})"
        if out_of_memory(result):
            why += (
                f": it ran out of memory, {format_size(limits.memory)} per process "
                f'(a block may set memory_limit="…")'
            )
        return why
    if result.ending == "left":
        listed = "; ".join(textwrap.shorten(command, 80) for command in result.killed)
        return f"left {others} process{'es' if others != 1 else ''} running, killed: {listed}"
    if len(result.output.encode()) > limits.output:
        return f"printed more than its output limit of {format_size(limits.output)}"
    return claims.contradiction(result.claims, result.attempts)


def out_of_memory(result: Run) -> bool:
    """A process of the run failed to get memory (Python's MemoryError, or the C library's)."""
    return bool(re.search(r"^MemoryError\b|Cannot allocate memory", result.stderr, re.M))


# What `summary` writes, for the tests and the benchmark that read build logs.
SUMMARY = re.compile(
    r"snippets: (?P<ran>\d+) ran, (?P<cached>\d+) cached, (?P<failed>\d+) failed "
    r"in (?P<seconds>[\d.]+) s \(slowest: (?P<slowest>\S+) (?P<slowest_s>[\d.]+) s\)"
    r"; on (?P<interpreters>[^;\n]*)(?:; missing (?P<missing>[^\n]*))?$",
    re.M,
)


def summary(state: BuildState) -> str:
    elapsed = time.perf_counter() - state.started
    slowest_path, slowest = max(state.ran.values(), key=lambda item: item[1], default=("-", 0.0))
    return (
        f"snippets: {len(state.ran)} ran, {len(state.cached)} cached, "
        f"{len(state.failed)} failed in {elapsed:.1f} s (slowest: {slowest_path} {slowest:.1f} s)"
        f"; on {', '.join(f'{i.name} ({i.version})' for i in state.found)}"
        + (f"; missing {', '.join(state.missing)}" if state.missing else "")
    )
