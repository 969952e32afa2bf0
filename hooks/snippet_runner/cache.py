"""What a run depends on (its key), and the stored result of each run that passed.

The key covers the snippet's content, the project modules it imports (directly or through
each other), the interpreter (its full version and build), the start method, the interpreters
the build found and the runner's version: an unchanged snippet never runs twice.
Results live in `.cache/snippets/<key>.json`, written atomically.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
import threading
from dataclasses import asdict
from pathlib import Path

from .launch import Run
from .snippet import ROOT

# CPython 3.11's ast.parse is not safe from several threads at once ("AST constructor
# recursion depth mismatch"): parse one file at a time.
_parsing = threading.Lock()


def _parsed(module: Path) -> ast.Module | None:
    try:
        source = module.read_text(encoding="utf-8")
        with _parsing:
            return ast.parse(source)
    except (OSError, SyntaxError):
        return None


# Part of every key: a change to how snippets run or what a result holds invalidates them all.
RUNNER_VERSION = "4"
# A run's timeline is recorded and drawn when it runs, and cached with it: a change to the
# recorder or the drawing is a change to every result.
RECORDED_BY = hashlib.sha256(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in ("startup/_timeline.py", "sampler.py", "timeline.py", "oncpu.py", "drawing.py")
    )
).hexdigest()[:12]
CACHE_DIR = ROOT / ".cache" / "snippets"


def project_imports(script: Path, root: Path = ROOT) -> list[Path]:
    """Project modules `script` imports, directly or through each other, as files."""
    found: set[Path] = set()
    pending = [script]
    while pending:
        module = pending.pop()
        if (tree := _parsed(module)) is None:
            continue
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                for base in (root, module.parent):
                    for candidate in _module_files(base, name):
                        if candidate not in found and candidate != script:
                            found.add(candidate)
                            pending.append(candidate)
    return sorted(found)


def _module_files(base: Path, dotted: str) -> list[Path]:
    parts = dotted.split(".")
    files = []
    for depth in range(1, len(parts) + 1):
        stem = base.joinpath(*parts[:depth])
        for candidate in (stem.with_suffix(".py"), stem / "__init__.py"):
            if candidate.is_file():
                files.append(candidate.resolve())
    return files


def third_party_imports(script: Path, root: Path = ROOT) -> set[str]:
    """Top-level modules `script` (or a project module it imports) needs beyond the stdlib."""
    needed = set()
    for module in [script, *project_imports(script, root)]:
        if (tree := _parsed(module)) is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                needed.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                needed.add(node.module.split(".")[0])
    return {
        name
        for name in needed
        if name not in sys.stdlib_module_names
        and name != "__future__"
        and not _module_files(root, name)
        and not _module_files(script.parent, name)
    }


# What runs a snippet when nothing else is said: the interpreter running this code.
OWN_INTERPRETER = f"{sys.executable}\n{sys.version}"


def cache_key(script: Path, root: Path = ROOT, runs_on: str = OWN_INTERPRETER) -> str:
    """Content, imported project modules, what it runs on, runner version: all a run depends on.

    `runs_on` says exactly what runs it: the interpreter's path and build, the start method,
    the interpreters the build found (`matrix`, `build`).
    """
    digest = hashlib.sha256()
    digest.update(f"runner {RUNNER_VERSION} {RECORDED_BY}\n{runs_on}\n".encode())
    for path in [script, *project_imports(script, root)]:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def path_of(key: str) -> Path:
    return CACHE_DIR / f"{key}.json"


def load(key: str) -> Run | None:
    try:
        return Run(**json.loads(path_of(key).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def store(key: str, result: Run) -> None:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = CACHE_DIR / f"{key}.json.tmp{os.getpid()}"
    tmp.write_text(json.dumps(asdict(result), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path_of(key))
