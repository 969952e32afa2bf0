"""Which runs a build needs, and in which order: measurements first and alone, then the rest.

Before any page renders, every executed block of every page is read (`fences`), and each
snippet the cache lacks is started once, whatever the number of pages and languages that show
it (the lab notebooks join them: `notebooks`). Blocks marked alone="1" (timing measurements)
run first, one at a time, while nothing else of the build runs, so nothing distorts their
figures. Then the others all start side by side: they mostly sleep on purpose, so a cold build
costs about its slowest snippet, not the sum of all. A run of which a page says something about
timing that does not hold yet is run again (`statements`), up to `ATTEMPTS` runs in all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, fences, outcome, quiet
from .launch import Limits, Run
from .matrix import Combination
from .snippet import ROOT, execute
from .statements import Statement, judge

ATTEMPTS = 3  # runs in all, before what still does not hold fails the build

# A run not started yet: calling it runs it (and measures again while it must).
Pending = Callable[[], Run]


@dataclass
class Plan:
    alone: dict[str, Pending] = field(default_factory=dict)  # cache key -> its run
    together: dict[str, Pending] = field(default_factory=dict)


def plan(
    docs_dir: Path,
    limits: Limits,
    runs_of: Callable[[fences.Block], list[tuple[str, Combination]]],
    variables: dict[str, str],
    checks_of: Callable[[fences.Block, Combination], list[Statement]],
) -> Plan:
    """The uncached runs the pages under `docs_dir` need, each once."""
    needed = Plan()
    for page in sorted(docs_dir.rglob("*.md")):
        for block in fences.blocks_in(page.read_text(encoding="utf-8"), ROOT, limits):
            for key, combination in runs_of(block):
                if key in needed.together or key in needed.alone or cache.path_of(key).exists():
                    continue
                checks = checks_of(block, combination)
                pending = stored(
                    key,
                    _pending(block, combination, variables, checks),
                    lambda result, b=block, c=combination, s=checks: passes(result, b, c, s),
                )
                (needed.alone if block.alone else needed.together)[key] = pending
    return needed


def _pending(
    block: fences.Block,
    combination: Combination,
    variables: dict[str, str],
    checks: list[Statement],
) -> Pending:
    return lambda: run(block, combination, variables, checks)


def stored(key: str, pending: Pending, passes: Callable[[Run], bool]) -> Pending:
    """`pending`, whose result is cached as soon as it has passed (a build that fails later,
    or a page that never asks for it, does not lose it)."""

    def run_and_store() -> Run:
        result = pending()
        if passes(result):
            cache.store(key, result)
        return result

    return run_and_store


def run(
    block: fences.Block,
    combination: Combination,
    variables: dict[str, str],
    checks: list[Statement] = (),  # type: ignore[assignment]
) -> Run:
    """The block's run, run again while what the pages say of its timing does not hold yet
    (`statements`).

    A measurement holds the quiet lock alone, everything else shares it (`quiet`).
    """
    hold = quiet.alone if block.alone else quiet.shared

    def once() -> Run:
        with hold():
            return execute(
                block.script,
                block.limits,
                interpreter=combination.interpreter.path,
                start_method=combination.start_method,
                variables=variables,
                record=not block.alone,  # a measurement runs as it would anywhere
            )

    return again_while_unsettled(once, block.returncode, checks, combination)


def again_while_unsettled(
    once: Pending, returncode: int, checks: Sequence[Statement], combination: Combination
) -> Run:
    """`once()`, again (ATTEMPTS runs in all) while it exits with `returncode` and one of the
    `checks` about its timing (`statements.judge` says which) does not hold on it yet: false,
    or not shown (a machine busy this time may show it the next)."""
    for attempt in range(1, ATTEMPTS + 1):
        result = once()
        result.attempts = attempt
        if result.returncode != returncode:
            break
        judged = (judge(check, result, combination) for check in checks)
        if all(judgement.holds is True for judgement in judged if judgement.about_timing):
            break
    return result


def passes(
    result: Run, block: fences.Block, combination: Combination, checks: Sequence[Statement]
) -> bool:
    """Whether the run passes its block and what the pages say of it (and may be cached)."""
    if not outcome.verdict_of(result, block.limits, block.returncode).passed:
        return False
    return all(judge(check, result, combination).holds is not False for check in checks)


def start(needed: Plan, workers: int) -> dict[str, Future[Run]]:
    """Run the measurements now, one by one; start the rest side by side, and return."""
    runs: dict[str, Future[Run]] = {}
    for key, pending in needed.alone.items():
        runs[key] = Future()
        runs[key].set_result(pending())
    if needed.together:
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="snippet")
        for key, pending in needed.together.items():
            runs[key] = pool.submit(pending)
        pool.shutdown(wait=False)
    return runs
