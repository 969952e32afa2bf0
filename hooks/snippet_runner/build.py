"""One build's runs: each snippet at most once for all languages, and the build's summary line.

mkdocs-static-i18n nests one build per extra language inside the first: what ran for one
language serves the others, and the summary is logged once, when the outermost build ends.
"""

from __future__ import annotations

import logging
import re
import textwrap
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, claims, plan, quiet
from .fences import Block
from .launch import Limits, Run, format_size
from .snippet import ROOT

log = logging.getLogger("mkdocs.plugins.snippet_runner")


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
    keys: dict[Path, str] = field(default_factory=dict)
    snippets_by_content: dict[str, Path] | None = None
    # The pages' rendering holds the quiet lock shared, but for waits on notebooks.
    rendering: quiet.Holder = field(default_factory=quiet.Holder)

    def key_of(self, script: Path) -> str:
        if script not in self.keys:
            self.keys[script] = cache.cache_key(script)
        return self.keys[script]

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
            self.snippets_by_content = None
            needed = plan.plan(docs_dir, self.limits, self.key_of)
            self.ahead.update(plan.start(needed, self.workers))
            self.rendering.take()
        self.depth += 1

    def end(self) -> None:
        self.depth -= 1
        if self.depth == 0:
            self.rendering.release()
            log.info(summary(self))

    def abort(self) -> None:
        self.rendering.release()
        if self.depth > 0:
            self.depth = 0
            log.info(summary(self))

    def result(self, block: Block) -> Run:
        """The block's run: from this build, from the disk cache, or a fresh one.

        Only a run that passes is cached, so a failing snippet runs again in the next build
        (but once in this one, whatever the number of languages).
        """
        key = self.key_of(block.script)
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
                result = started_ahead.result() if started_ahead else plan.run(block)
            self.ran[key] = (str(block.script.relative_to(ROOT)), result.duration)
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
    r"in (?P<seconds>[\d.]+) s \(slowest: (?P<slowest>\S+) (?P<slowest_s>[\d.]+) s\)$",
    re.M,
)


def summary(state: BuildState) -> str:
    elapsed = time.perf_counter() - state.started
    slowest_path, slowest = max(state.ran.values(), key=lambda item: item[1], default=("-", 0.0))
    return (
        f"snippets: {len(state.ran)} ran, {len(state.cached)} cached, "
        f"{len(state.failed)} failed in {elapsed:.1f} s (slowest: {slowest_path} {slowest:.1f} s)"
    )
