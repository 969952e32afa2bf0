"""One build session: the runs a build needs, each once for all its languages, and its summary.

mkdocs-static-i18n nests one build per extra language inside the first; the plugin creates a
session when the outermost build starts and drops it when that build ends, so a `mkdocs serve`
rebuild starts from a fresh one. The session plans every run before any page renders (`plan`),
starts them, and hands each page its results: from this build, from the disk cache, or fresh.
What a block runs on comes from the interpreters found (`interpreters`, `matrix`): the main one
is the newest, except for a snippet that needs packages only another one has.
"""

from __future__ import annotations

import json
import re
import textwrap
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, interpreters, matrix, notebooks, plan, quiet, trace
from .fences import Block
from .interpreters import Interpreter
from .launch import Limits, Run
from .matrix import Combination
from .snippet import ROOT
from .statements import Statement, Statements

# Set for every run: the interpreters the build found, as JSON.
INTERPRETERS_VARIABLE = "SNIPPET_INTERPRETERS"
TRACES = "assets/traces"  # where in the site the runs' trace files are written
# The summary line each build logs once (`Session.summary`), for the tests and the benchmark.
SUMMARY = re.compile(
    r"snippets: (?P<ran>\d+) ran, (?P<cached>\d+) cached, (?P<failed>\d+) failed "
    r"in (?P<seconds>[\d.]+) s \(slowest: (?P<slowest>\S+) (?P<slowest_s>[\d.]+) s\)"
    r"(?:; notebooks: (?P<notebooks_ran>\d+) ran, (?P<notebooks_cached>\d+) cached, "
    r"(?P<notebooks_failed>\d+) failed)?"
    r"; on (?P<interpreters>[^;\n]*)(?:; missing (?P<missing>[^\n]*))?$",
    re.M,
)
# Found once per process (and per list): `mkdocs serve` does not look again at every rebuild.
_found: dict[tuple[str, ...], tuple[list[Interpreter], list[str]]] = {}
_imports: dict[tuple[str, frozenset[str]], bool] = {}


def find_interpreters(names: tuple[str, ...]) -> tuple[list[Interpreter], list[str]]:
    """The interpreters of `names` this machine has (MkDocs' own if none), and those missing."""
    if names not in _found:
        found, missing = interpreters.find(names)
        _found[names] = (found or [interpreters.own()], missing)
    return _found[names]


def can_import(interpreter: Interpreter, modules: frozenset[str]) -> bool:
    if (interpreter.path, modules) not in _imports:
        _imports[interpreter.path, modules] = interpreters.can_import(interpreter, modules)
    return _imports[interpreter.path, modules]


@dataclass
class Machine:
    """What runs snippets in this build: the interpreters found, and what every run is told."""

    found: list[Interpreter]
    missing: list[str] = field(default_factory=list)
    start_method: str | None = None  # every run's default start method, if the build sets one
    listed: list[str] = field(default_factory=list)  # what mkdocs.yml lists, newest first

    @classmethod
    def of(cls, names: list[str], start_method: str | None = None) -> Machine:
        found, missing = find_interpreters(tuple(names))
        return cls(found, missing, start_method, list(names))

    @property
    def variables(self) -> dict[str, str]:
        listed = [
            {
                "name": i.name,
                "path": i.path,
                "version": i.version,
                "free_threaded": i.free_threaded,
                "start_method": self.start_method or i.start_method,
            }
            for i in self.found
        ]
        return {INTERPRETERS_VARIABLE: json.dumps(listed)}


class Session:
    """What one build (all its languages) runs and has run."""

    def __init__(
        self,
        machine: Machine,
        limits: Limits,
        workers: int,
        notebook_limits: Limits,
        statements: Statements | None = None,
    ):
        self.machine = machine
        self.statements = statements or Statements(ROOT)
        self.limits = limits
        self.workers = workers
        self.notebook_limits = notebook_limits
        self.started = time.perf_counter()
        self.results: dict[str, Run] = {}
        self.ran: dict[str, tuple[str, float]] = {}  # key -> (what ran, seconds)
        self.cached: set[str] = set()
        self.names: dict[str, str] = {}  # key -> what it runs (a snippet, a notebook)
        self.failed: set[str] = set()  # snippets and notebooks that failed, by path
        self.ahead: dict[str, Future[Run]] = {}  # runs started before the pages
        # The trace files the pages link to: file name -> (timeline, what it ran).
        self.traces: dict[str, tuple[dict, dict[str, str]]] = {}
        self.linked: list[tuple[str, dict[str, str]]] = []  # every trace_link: (run's key, about)
        # The pages' rendering holds the quiet lock shared, but for waits on runs.
        self.rendering = quiet.Holder()
        # Files do not change during a build: what was derived from them is worked out once.
        self._keys: dict[tuple[Path, str], str] = {}
        self._hosts: dict[tuple[Path, tuple[int, int]], list[Interpreter]] = {}
        self._snippets_by_content: dict[str, Path] | None = None

    # ------------------------------------------------------------------ what a block runs on

    def hosts_of(self, script: Path, requires: tuple[int, int] = (3, 0)) -> list[Interpreter]:
        """The interpreters found that `script` can run on: new enough (`requires`), with the
        packages it imports (all of them, for most)."""
        if (script, requires) not in self._hosts:
            needed = frozenset(cache.third_party_imports(script))
            able = [
                i
                for i in self.machine.found
                if i.minor_version >= requires and can_import(i, needed)
            ]
            if not able:  # let it run where MkDocs runs, and fail there if it must
                able = [interpreters.own()]
            self._hosts[script, requires] = able
        return self._hosts[script, requires]

    def combinations_of(self, block: Block) -> list[Combination]:
        hosts = self.hosts_of(block.script, block.requires)
        return matrix.combinations(block.matrix, hosts[0], hosts, self.machine.start_method)

    def key_of(self, script: Path, combination: Combination) -> str:
        interpreter = combination.interpreter
        runs_on = "\n".join(
            [
                interpreter.path,
                interpreter.build,
                combination.start_method or "default",
                self.machine.variables[INTERPRETERS_VARIABLE],
            ]
        )
        if (script, runs_on) not in self._keys:
            self._keys[script, runs_on] = cache.cache_key(script, runs_on=runs_on)
        return self._keys[script, runs_on]

    def runs_of(self, block: Block) -> list[tuple[str, Combination]]:
        return [(self.key_of(block.script, c), c) for c in self.combinations_of(block)]

    def checks_of(self, block: Block, combination: Combination) -> list[Statement]:
        """What the pages say of the block's run on `combination` (statements in its scope)."""
        snippet = block.script.relative_to(ROOT).as_posix()
        return [
            statement
            for statement in self.statements.about(snippet)
            if not statement.figure and statement.scope.holds_for(combination)
        ]

    def snippet_of(self, code: str) -> Path | None:
        """The file under snippets/ whose content is `code` (what `--8<--` included), if any."""
        if self._snippets_by_content is None:
            self._snippets_by_content = {}
            for path in sorted((ROOT / "snippets").rglob("*.py"), reverse=True):
                self._snippets_by_content[path.read_text(encoding="utf-8").strip()] = path
        return self._snippets_by_content.get(textwrap.dedent(code).strip())

    # ------------------------------------------------------------------ the build's life

    def start(self, docs_dir: Path) -> None:
        """Plan every run the pages under `docs_dir` need and start them; the pages may render."""
        needed = plan.plan(
            docs_dir, self.limits, self.runs_of, self.machine.variables, self.checks_of
        )
        needed.together.update(notebooks.pending_runs(docs_dir, self))
        self.ahead.update(plan.start(needed, self.workers))
        self.rendering.take()

    def finish(self, site_dir: Path | None) -> str:
        """The build is over: write the trace files the pages link to; the summary line."""
        self.rendering.release()
        if site_dir is not None:
            self.write_traces(site_dir)
        return self.summary()

    def abort(self) -> str:
        self.rendering.release()
        return self.summary()

    # ------------------------------------------------------------------ results

    def results_of(self, block: Block) -> list[tuple[Combination, Run]]:
        """Every run the block asks for, the main one first."""
        return [(c, self.result(block, c)) for c in self.combinations_of(block)]

    def result(self, block: Block, combination: Combination) -> Run:
        """One run of the block: from this build, from the disk cache, or a fresh one.

        Only a run that passes is cached, so a failing snippet runs again in the next build
        (but once in this one, whatever the number of languages).
        """
        key = self.key_of(block.script, combination)

        def checks() -> list[Statement]:  # only a run made now is judged here
            return self.checks_of(block, combination)

        return self.outcome(
            key,
            str(block.script.relative_to(ROOT)),
            lambda: plan.run(block, combination, self.machine.variables, checks()),
            lambda result: plan.passes(result, block, combination, checks()),
        )

    def outcome(self, key: str, name: str, fresh, passes) -> Run:
        """The run cached under `key`: from this build, from the disk, or `fresh()` (and
        stored if it `passes`). Waiting for a run started ahead holds nothing: a run still
        queued may need a measurement to finish first, which waits for every shared holder."""
        if key in self.results:
            return self.results[key]
        started_ahead = self.ahead.pop(key, None)  # it stores its result itself (`plan`)
        result = None if started_ahead else cache.load(key)
        self.names[key] = name
        if result is not None:
            self.cached.add(key)
        else:
            with self.rendering.let_go():
                result = started_ahead.result() if started_ahead else fresh()
            self.ran[key] = (name, result.duration)
            if not started_ahead and passes(result):
                cache.store(key, result)
        self.results[key] = result
        return result

    # ------------------------------------------------------------------ traces

    def trace_link(self, key: str, run: Run, about: dict[str, str], page_url: str) -> str:
        """The address, from the page at `page_url`, of the trace file of `run`."""
        name = f"{key[:16]}.json"
        self.traces[name] = (run.timeline or {}, about)
        self.linked.append((key, about))
        depth = len([part for part in page_url.split("/")[:-1] if part])  # its folders
        return "../" * depth + f"{TRACES}/{name}"

    def write_traces(self, site_dir: Path) -> None:
        folder = site_dir / TRACES
        folder.mkdir(parents=True, exist_ok=True)
        for name, (recorded, about) in self.traces.items():
            content = json.dumps(trace.trace_of(recorded, about), separators=(",", ":"))
            (folder / name).write_text(content, encoding="utf-8")

    # ------------------------------------------------------------------ the summary line

    def summary(self) -> str:
        """One line: the snippets run, cached and failed, the notebooks, what ran them."""
        elapsed = time.perf_counter() - self.started

        def tally(suffix: str) -> tuple[list[tuple[str, float]], int, int]:
            ran = [item for item in self.ran.values() if item[0].endswith(suffix)]
            cached = sum(1 for key in self.cached if self.names.get(key, "").endswith(suffix))
            failed = sum(1 for name in self.failed if name.endswith(suffix))
            return ran, cached, failed

        snippets, cached, failed = tally(".py")
        notebooks, notebooks_cached, notebooks_failed = tally(".ipynb")
        slowest_path, slowest = max(snippets, key=lambda item: item[1], default=("-", 0))
        machine = self.machine
        return (
            f"snippets: {len(snippets)} ran, {cached} cached, {failed} failed in {elapsed:.1f} s "
            f"(slowest: {slowest_path} {slowest:.1f} s)"
            + (
                f"; notebooks: {len(notebooks)} ran, {notebooks_cached} cached, "
                f"{notebooks_failed} failed"
            )
            * bool(notebooks or notebooks_cached or notebooks_failed)
            + f"; on {', '.join(f'{i.name} ({i.version})' for i in machine.found)}"
            + (f"; missing {', '.join(machine.missing)}" if machine.missing else "")
        )
