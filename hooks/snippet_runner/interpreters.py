"""The Python interpreters snippets may run on: which of those mkdocs.yml lists this machine has.

`extra.snippet_runner.interpreters` names them newest first, as `3.14` or `3.14t` (the
free-threaded build). Each is looked for where Python installers put it: the interpreter
MkDocs runs on, PATH (`python3.14t`), pyenv's versions and `uv python find`. A candidate is
asked what it is (version, build, free-threading, its default start method), so a name never
stands for a different interpreter. A missing interpreter is reported, never an error.
What a file said is remembered (`REMEMBERED`) while the file is unchanged: a warm build asks
nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

NAME = re.compile(r"^3\.(?P<minor>\d+)(?P<t>t?)$")
# What each interpreter file said of itself, keyed by its path, size and modification time.
REMEMBERED = Path(__file__).resolve().parents[2] / ".cache" / "interpreters.json"
_remembered_lock = threading.Lock()
# What a candidate says about itself: one JSON line.
PROBE = r"""
import json, multiprocessing, platform, sys, sysconfig
print(json.dumps({
    "minor": sys.version_info[1],
    "version": platform.python_version(),
    "build": sys.version,
    "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "start_method": multiprocessing.get_start_method(),
    "executable": sys.executable,
}))
"""


@dataclass(frozen=True)
class Interpreter:
    """One interpreter a snippet can run on."""

    name: str  # as mkdocs.yml lists it: "3.14t"
    path: str
    version: str  # "3.14.2"
    build: str  # sys.version: what a cached result depends on
    free_threaded: bool
    start_method: str  # multiprocessing's default start method there

    @property
    def minor_version(self) -> tuple[int, int]:
        """(3, 14): what a block's requires="3.14" compares with."""
        major, minor = self.version.split(".")[:2]
        return int(major), int(minor)


def candidates(name: str) -> Iterable[str]:
    """Where an interpreter called `name` ("3.14", "3.14t") may be, most likely first."""
    match = NAME.match(name)
    if match is None:
        return
    own = sys.version_info[:2] == (3, int(match["minor"]))
    if own and not match["t"]:
        yield sys.executable  # MkDocs' own: the packages the build installed are there
    command = f"python{name}"
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    base = name[:-1] if match["t"] else name
    for version in sorted((pyenv_root / "versions").glob(f"{base}.*"), reverse=True):
        if version.name.endswith("t") == bool(match["t"]):
            yield str(version / "bin" / command)
    found = shutil.which(command)
    if found and Path(found).parent != pyenv_root / "shims":  # a shim is slow, and may refuse
        yield found
    if uv := shutil.which("uv"):
        try:
            found = subprocess.run(
                [uv, "python", "find", "--no-project", name],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found:
            yield found


def _identity(path: str) -> str:
    real = os.path.realpath(path)
    stat = os.stat(real)
    return f"{path}|{real}|{stat.st_size}|{stat.st_mtime_ns}"


def _remembered() -> dict:
    try:
        return json.loads(REMEMBERED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _facts(path: str) -> dict:
    """What the interpreter at `path` says of itself: remembered, or asked now."""
    identity = _identity(path)
    with _remembered_lock:
        if identity in (known := _remembered()):
            return known[identity]
    answer = subprocess.run(
        [path, "-I", "-c", PROBE], capture_output=True, text=True, timeout=20, check=True
    ).stdout
    facts = json.loads(answer.strip().splitlines()[-1])
    with _remembered_lock:
        known = _remembered() | {identity: facts}
        with contextlib.suppress(OSError):
            REMEMBERED.parent.mkdir(parents=True, exist_ok=True)
            tmp = REMEMBERED.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(json.dumps(known, indent=1), encoding="utf-8")
            tmp.replace(REMEMBERED)
    return facts


def probe(name: str, path: str) -> Interpreter | None:
    """The interpreter at `path`, if it runs and is what `name` says."""
    try:
        facts = _facts(path)
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None
    match = NAME.match(name)
    if match is None or facts["minor"] != int(match["minor"]):
        return None
    if facts["free_threaded"] != bool(match["t"]):
        return None
    return Interpreter(
        name=name,
        path=path,
        version=facts["version"],
        build=facts["build"],
        free_threaded=facts["free_threaded"],
        start_method=facts["start_method"],
    )


def first(name: str) -> Interpreter | None:
    """The first candidate for `name` that is what it says."""
    return next((i for path in dict.fromkeys(candidates(name)) if (i := probe(name, path))), None)


def find(names: Sequence[str]) -> tuple[list[Interpreter], list[str]]:
    """The interpreters of `names` this machine has, in the same order, and the missing names."""
    found, missing = [], []
    with ThreadPoolExecutor(max_workers=max(1, len(names))) as pool:  # each mostly waits
        answers = list(pool.map(first, names))
    for name, interpreter in zip(names, answers, strict=True):
        if interpreter is None:
            missing.append(name)
        else:
            found.append(interpreter)
    return found, missing


def own() -> Interpreter:
    """The interpreter MkDocs runs on, for a list that names nothing this machine has."""
    name = f"3.{sys.version_info[1]}"
    interpreter = probe(name, sys.executable)
    if interpreter is None:
        raise RuntimeError(f"{sys.executable} did not say what it is")
    return interpreter


def can_import(interpreter: Interpreter, modules: Iterable[str]) -> bool:
    """Whether `interpreter` has every one of `modules` installed."""
    names = sorted(set(modules))
    if not names:
        return True
    check = (
        "import importlib.util, sys\n"
        f"sys.exit(any(importlib.util.find_spec(n) is None for n in {names!r}))"
    )
    try:
        return subprocess.run([interpreter.path, "-I", "-c", check], timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
