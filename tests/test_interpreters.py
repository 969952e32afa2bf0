"""Every snippet a page shows runs unchanged on the newest CPython on the machine, too.

The build runs the snippets with the interpreter that runs MkDocs; here the newest other
`python3.X` found (on PATH, or through pyenv; readers run the newest) runs them the way the
build does (`snippet.execute`:
same environment, own process group, timeout), side by side, and each must end with the exit
code its page expects. Timing measurements (alone="1") run among the others: here only their
exit code counts. A snippet that imports a package the interpreter lacks (gevent) is skipped.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_config
from snippet_runner import fences, launch, snippet

MINORS = range(11, 16)
# Most snippets sleep on purpose: many fit side by side on two cores.
WORKERS = 16


@dataclass(frozen=True)
class Interpreter:
    name: str  # python3.12
    executable: str
    missing: frozenset[str]  # third-party modules the snippets import that it cannot


def executed_blocks() -> list[fences.Block]:
    """Every snippet an executed block of a page runs, with what the block expects of it."""
    limits = fences.defaults(mkdocs_config()["extra"])
    blocks: dict[Path, fences.Block] = {}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for block in fences.blocks_in(page.read_text(encoding="utf-8"), ROOT, limits):
            blocks.setdefault(block.script, block)
    return sorted(blocks.values(), key=lambda block: block.script)


def third_party_imports(script: Path) -> set[str]:
    """Top-level modules `script` imports that are neither the standard library nor the project."""
    names = set()
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and not (ROOT / n).exists()}


BLOCKS = executed_blocks()
THIRD_PARTY = sorted(set().union(*(third_party_imports(b.script) for b in BLOCKS)))


def candidates(name: str) -> list[str]:
    """Where `python3.X` may be: PATH, and pyenv's versions (its shim fails unless selected)."""
    found = [path] if (path := shutil.which(name)) else []
    if shutil.which("pyenv"):
        whence = subprocess.run(
            ["pyenv", "whence", "--path", name], capture_output=True, text=True, check=False
        )
        found += whence.stdout.split()
    return found


@cache
def interpreter(minor: int) -> Interpreter | None:
    """A working `python3.<minor>`, and which of the snippets' third-party modules it lacks."""
    name = f"python3.{minor}"
    probe = (
        "import importlib.util, json, sys;"
        "print(json.dumps([sys.version_info[:2],"
        " [m for m in sys.argv[1:] if importlib.util.find_spec(m) is None]]))"
    )
    for executable in candidates(name):
        run = subprocess.run(
            [executable, "-c", probe, *THIRD_PARTY], capture_output=True, text=True, check=False
        )
        if run.returncode == 0:
            version, missing = json.loads(run.stdout)
            if version == [3, minor]:
                return Interpreter(name, executable, frozenset(missing))
    return None


def cases():
    """(interpreter, block) for the newest other interpreter found; one skip for each newer one
    missing, and for the interpreter that runs the tests (the build runs every snippet with it)."""
    newest_found = False
    for minor in reversed(MINORS):
        name = f"python3.{minor}"
        if sys.version_info[:2] == (3, minor):
            reason = f"{name} runs the tests, and the build runs every snippet with it"
        elif newest_found:
            continue  # an older one: the newest found stands for it
        elif (python := interpreter(minor)) is None:
            reason = f"no {name} on this machine"
        else:
            newest_found = True
            for block in BLOCKS:
                yield pytest.param(python, block, id=f"{name}:{block.script.relative_to(ROOT)}")
            continue
        yield pytest.param(None, None, id=name, marks=pytest.mark.skip(reason=reason))


def run_all(python: Interpreter) -> dict[Path, launch.Run]:
    """Every runnable block's result under `python`, all side by side."""
    runnable = [b for b in BLOCKS if not third_party_imports(b.script) & python.missing]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = pool.map(
            lambda block: snippet.execute(
                block.script, block.limits, interpreter=python.executable
            ),
            runnable,
        )
        return {block.script: result for block, result in zip(runnable, results, strict=True)}


@pytest.fixture(scope="module")
def results():
    """`results(python)`: all the snippets' results under `python`, run on first use."""
    return cache(run_all)


@pytest.mark.parametrize("python, block", list(cases()))
def test_snippet_runs_unchanged(python: Interpreter, block: fences.Block, results) -> None:
    missing = third_party_imports(block.script) & python.missing
    if missing:
        pytest.skip(f"{', '.join(sorted(missing))} not installed for {python.name}")
    result = results(python)[block.script]
    assert result.returncode == block.returncode, (
        f"{python.name}: exit code {result.returncode}, expected {block.returncode}\n"
        + result.output[-3000:]
    )
