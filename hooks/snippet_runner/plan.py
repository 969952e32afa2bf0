"""Which runs a build needs, and in which order: measurements first and alone, then the rest.

Before any page renders, every executed block of every page is read (`fences`), and each
snippet the cache lacks is started once, whatever the number of pages and languages that show
it. Blocks marked alone="1" (timing measurements) run first, one at a time, while nothing
else of the build runs, so nothing distorts their figures. Then the others all start side by
side: they mostly sleep on purpose, so a cold build costs about its slowest snippet, not the
sum of all. A run whose claims about its figures are not settled is measured again.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, claims, fences, quiet
from .launch import Limits, Run
from .matrix import Combination
from .snippet import ROOT, execute

# One run: a block's snippet on one combination of interpreter and start method.
Task = tuple[fences.Block, Combination]


@dataclass
class Plan:
    alone: dict[str, Task] = field(default_factory=dict)  # cache key -> what to run
    together: dict[str, Task] = field(default_factory=dict)


def plan(
    docs_dir: Path,
    limits: Limits,
    runs_of: Callable[[fences.Block], list[tuple[str, Combination]]],
) -> Plan:
    """The uncached runs the pages under `docs_dir` need, each once."""
    needed = Plan()
    for page in sorted(docs_dir.rglob("*.md")):
        for block in fences.blocks_in(page.read_text(encoding="utf-8"), ROOT, limits):
            for key, combination in runs_of(block):
                if key in needed.together or key in needed.alone or cache.path_of(key).exists():
                    continue
                (needed.alone if block.alone else needed.together)[key] = (block, combination)
    return needed


def run(block: fences.Block, combination: Combination, variables: dict[str, str]) -> Run:
    """The block's run, measured again while its claims are unsettled (`claims`).

    A measurement holds the quiet lock alone, everything else shares it (`quiet`).
    """
    hold = quiet.alone if block.alone else quiet.shared
    for attempt in range(1, claims.ATTEMPTS + 1):
        with hold():
            result = execute(
                block.script,
                block.limits,
                interpreter=combination.interpreter.path,
                start_method=combination.start_method,
                variables=variables,
                record=not block.alone,  # a measurement runs as it would anywhere
            )
        result.attempts = attempt
        if result.returncode != block.returncode or not claims.unsettled(result.claims):
            break
    return result


def start(needed: Plan, workers: int, variables: dict[str, str]) -> dict[str, Future[Run]]:
    """Run the measurements now, one by one; start the rest side by side, and return."""
    runs: dict[str, Future[Run]] = {}
    for key, (block, combination) in needed.alone.items():
        runs[key] = Future()
        runs[key].set_result(run(block, combination, variables))
    if needed.together:
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="snippet")
        for key, (block, combination) in needed.together.items():
            runs[key] = pool.submit(run, block, combination, variables)
        pool.shutdown(wait=False)
    return runs
