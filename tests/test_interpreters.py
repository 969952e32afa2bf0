"""Every snippet a page shows also runs unchanged on the oldest interpreter it supports.

The build runs the pages' snippets on the newest interpreter mkdocs.yml lists that it finds
(`snippet_runner.interpreters`), and matrix blocks on the others. Here every snippet runs on
the oldest one found as well (the README promises Python 3.11 or newer), the way the build
runs it (`snippet.execute`: same environment, own process group, timeout), side by side, and
a block that requires a newer Python (requires="3.13") on the oldest found that is as new;
each must end with the exit code its page expects. Timing measurements (alone="1") run among
the others: here only their exit code counts. The build runs a snippet that needs a package
(gevent) where the package is installed; so does this test.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_config
from snippet_runner import cache, fences, interpreters, launch, quiet, settings, snippet

# Most snippets sleep on purpose: many fit side by side on two cores.
WORKERS = 16


def executed_blocks() -> list[fences.Block]:
    """Every snippet an executed block of a page runs, with what the block expects of it."""
    runner = mkdocs_config()["extra"]["snippet_runner"]
    limits = settings.load(runner, where="extra.snippet_runner").limits()
    blocks: dict[Path, fences.Block] = {}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for block in fences.blocks_in(page.read_text(encoding="utf-8"), ROOT, limits):
            blocks.setdefault(block.script, block)
    return sorted(blocks.values(), key=lambda block: block.script)


BLOCKS = executed_blocks()
LISTED = [str(name) for name in mkdocs_config()["extra"]["snippet_runner"]["interpreters"]]
FOUND, _ = interpreters.find(LISTED)


def test_the_build_finds_an_older_interpreter_than_the_one_it_shows() -> None:
    """This machine has several of those listed (README): the pages show the newest."""
    assert len(FOUND) >= 2, f"found {[i.name for i in FOUND]} of {LISTED}"


OLDEST = FOUND[-1] if len(FOUND) >= 2 else None


def run_all() -> dict[Path, launch.Run]:
    """Every block's result on the oldest interpreter that has what it imports."""
    assert OLDEST is not None

    needs = {block.script: cache.third_party_imports(block.script) for block in BLOCKS}

    def run(block: fences.Block) -> launch.Run:
        needed = needs[block.script]
        able = [
            i
            for i in reversed(FOUND)
            if i.minor_version >= block.requires and interpreters.can_import(i, needed)
        ]
        python = able[0] if able else OLDEST
        return snippet.execute(block.script, block.limits, interpreter=python.path)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return dict(zip([b.script for b in BLOCKS], pool.map(run, BLOCKS), strict=True))


@pytest.fixture(scope="module")
def results() -> dict[Path, launch.Run]:
    # Every snippet at once: shares the machine as a test body does, never beside a measurement.
    with quiet.shared():
        return run_all()


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: str(block.script.relative_to(ROOT)))
def test_snippet_runs_unchanged_on_the_oldest_interpreter(block: fences.Block, results) -> None:
    result = results[block.script]
    assert result.returncode == block.returncode, (
        f"{OLDEST.name if OLDEST else '?'}: exit code {result.returncode}, "
        f"expected {block.returncode}\n" + result.output[-3000:]
    )
