"""What a run depends on (its key), and the stored result of each run that passed.

The key covers the snippet's content, the project modules it imports (directly or through
each other), the interpreter and the runner's version: an unchanged snippet never runs twice.
Results live in `.cache/snippets/<key>.json`, written atomically.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from .launch import Run
from .snippet import ROOT

# Part of every key: a change to how snippets run or what a result holds invalidates them all.
RUNNER_VERSION = "2"
CACHE_DIR = ROOT / ".cache" / "snippets"


def project_imports(script: Path, root: Path = ROOT) -> list[Path]:
    """Project modules `script` imports, directly or through each other, as files."""
    found: set[Path] = set()
    pending = [script]
    while pending:
        module = pending.pop()
        try:
            tree = ast.parse(module.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
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


def cache_key(script: Path, root: Path = ROOT) -> str:
    """Content, imported project modules, interpreter and runner version: all a run depends on."""
    digest = hashlib.sha256()
    digest.update(f"runner {RUNNER_VERSION}\n{sys.version}\n{sys.executable}\n".encode())
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
