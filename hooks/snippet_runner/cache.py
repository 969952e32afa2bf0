"""What a run depends on (its key), the stored result of each run that passed, what is drawn of it.

The key covers the snippet's content, the project modules it imports (directly or through
each other), the interpreter (its full version and build), the start method, the interpreters
the build found and the runner's version: an unchanged snippet never runs twice.
Results live in `.cache/snippets/<key>.json`, written atomically. What the pages draw from a
result (its timeline in each language) is kept apart, in `.cache/drawings/`, keyed by the
result and the drawing code: a change to the drawing draws again and runs nothing.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from .launch import Run
from .snippet import ROOT

# CPython 3.11's ast.parse is not safe from several threads at once ("AST constructor
# recursion depth mismatch"): parse one file at a time.
_parsing = threading.Lock()


def _imports_of(module: Path, source: str | None = None) -> tuple[tuple[str, ...], ...]:
    """`module`'s absolute imports (of `source` instead of its file, if given)."""
    try:
        return _imports_in(module.read_text(encoding="utf-8") if source is None else source)
    except OSError:
        return ()


@functools.lru_cache(maxsize=1024)
def _imports_in(source: str) -> tuple[tuple[str, ...], ...]:
    """The absolute imports of some code, one group per name imported: `import a.b` gives
    ("a.b",), `from a import b, c` gives ("a", "a.b", "a.c"). Parsed and walked once per
    content, however many runs' keys read it; code that does not parse imports nothing."""
    try:
        with _parsing:
            tree = ast.parse(source)
    except SyntaxError:
        return ()
    groups: list[tuple[str, ...]] = []
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            groups.extend((alias.name,) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            groups.append((node.module, *(f"{node.module}.{a.name}" for a in node.names)))
    return tuple(groups)


BLOCK_PARTS = (ast.stmt, ast.excepthandler, ast.match_case)  # what holds statements


def _statements(tree: ast.Module) -> Iterator[ast.AST]:
    """Every statement of a module, however nested (imports are statements: the expressions,
    most of a syntax tree, need no visit)."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        yield node
        for _, value in ast.iter_fields(node):
            if isinstance(value, list) and value and isinstance(value[0], BLOCK_PARTS):
                pending.extend(value)


def digest_of(*files: Path) -> str:
    """A short hash of some files (this package's code): part of the keys of what they make."""
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()[:12]


HERE = Path(__file__).parent


# Part of every key: a change to how snippets run or what a result holds invalidates them all.
RUNNER_VERSION = "6"
# A run's timeline is recorded and read into lanes when it runs, and cached with it: a change
# to the recorder or the reader is a change to every result.
RECORDED_BY = digest_of(
    HERE / "startup" / "_timeline.py", HERE / "sampler.py", HERE / "timeline.py"
)
# What the pages draw from a timeline depends on the drawing code only.
DRAWN_BY = digest_of(HERE / "drawing.py", HERE / "timeline.py", HERE / "oncpu.py")
CACHE_DIR = ROOT / ".cache" / "snippets"
DRAWINGS_DIR = ROOT / ".cache" / "drawings"


def project_imports(script: Path, root: Path = ROOT, source: str | None = None) -> list[Path]:
    """Project modules `script` imports (its code is `source`, if given), directly or through
    each other, as files."""
    found: set[Path] = set()
    pending = [script]
    while pending:
        module = pending.pop()
        for group in _imports_of(module, source if module == script else None):
            for name in group:
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
    needed = {
        group[0].split(".")[0]
        for module in [script, *project_imports(script, root)]
        for group in _imports_of(module)
    }
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


def cache_key(
    script: Path, root: Path = ROOT, runs_on: str = OWN_INTERPRETER, source: str | None = None
) -> str:
    """Content, imported project modules, what it runs on, runner version: all a run depends on.

    `runs_on` says exactly what runs it: the interpreter's path and build, the start method,
    the interpreters the build found (`matrix`, `session`). `source` is the code that runs,
    when it is not the file's whole content (a notebook's code cells).
    """
    digest = hashlib.sha256()
    digest.update(f"runner {RUNNER_VERSION} {RECORDED_BY}\n{runs_on}\n".encode())
    digest.update((source or "").encode() + b"\0")
    for path in [script, *project_imports(script, root, source)]:
        if path == script and source is not None:
            continue  # the code is what counts, not the file it is in (a notebook's twins)
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
    write(path_of(key), json.dumps(asdict(result), ensure_ascii=False))


def drawing_path(key: str, language: str) -> Path:
    return DRAWINGS_DIR / f"{key}-{DRAWN_BY}-{language}.html"


def load_drawing(key: str, language: str) -> str | None:
    try:
        return drawing_path(key, language).read_text(encoding="utf-8")
    except OSError:
        return None


def store_drawing(key: str, language: str, drawn: str) -> None:
    write(drawing_path(key, language), drawn)


def write(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}-{threading.get_ident()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
