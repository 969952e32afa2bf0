"""What a block runs on (interpreter × start method), and which of its runs printed the same.

A block runs once, on the build's main interpreter (the newest found) with its default start
method, unless its fence asks for a matrix: `matrix="interpreters"` (every interpreter found,
each with its own default), `matrix="start-methods"` (fork, spawn and forkserver on the main
interpreter) or both. Outputs are compared after normalising what varies from run to run by
nature (pids, addresses, timings, temporary paths, the interpreter's file name: not a Python
version it prints, which a reader compares), line by line and in any order: the page shows one
output per group of runs that printed the same.
"""

from __future__ import annotations

import platform
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .interpreters import Interpreter

AXES = ("interpreters", "start-methods")
START_METHODS = ("fork", "spawn", "forkserver")
# The start method variable the runner's sitecustomize reads (a default, not a setting: a
# snippet's own set_start_method() still works).
START_METHOD_VARIABLE = "SNIPPET_START_METHOD"


@dataclass(frozen=True)
class Combination:
    interpreter: Interpreter
    start_method: str | None = None  # None: the interpreter's own default, not forced

    @property
    def method(self) -> str:
        return self.start_method or self.interpreter.start_method


def axes_of(option: str) -> tuple[tuple[str, ...], list[str]]:
    """The axes a fence's matrix="…" names (spaces or commas between), and words it got wrong."""
    words = [w.replace("_", "-") for w in re.split(r"[\s,]+", option.strip()) if w]
    return tuple(a for a in AXES if a in words), [w for w in words if w not in AXES]


def combinations(
    axes: Sequence[str],
    main: Interpreter,
    found: Sequence[Interpreter],
    start_method: str | None = None,
) -> list[Combination]:
    """The runs a block with these matrix axes needs; the main one (if any) first.

    `start_method`, if given, is every run's default instead of each interpreter's own.
    """
    interpreters = list(found) if "interpreters" in axes else [main]
    if "start-methods" not in axes:
        return [Combination(i, start_method) for i in interpreters]
    runs = []
    for interpreter in interpreters:
        default = start_method or interpreter.start_method
        for method in sorted(START_METHODS, key=lambda m: m != default):
            runs.append(Combination(interpreter, method))
    return runs


# ------------------------------------------------------------------ comparing outputs

VARYING: list[tuple[re.Pattern[str], Any]] = [
    # A Python version ("3.13.0", "3.14t", "Python 3.13") is what a reader compares: kept
    # (its dots become middle dots, which the figures' patterns below leave alone).
    (
        re.compile(
            r"\b(?:C?Python )?3\.\d{1,2}(?:\.\d{1,2}(?:[abrc]+\d+)?|t\b)|\bPython 3\.\d{1,2}"
        ),
        lambda version: version[0].replace(".", "·"),
    ),
    (re.compile(r"0x[0-9a-fA-F]+"), "0x…"),  # addresses
    (re.compile(r"(?:/tmp|/var/tmp|/dev/shm)/\S+"), "/tmp/…"),  # temporary paths
    (re.compile(r"\bpython3?(?:\.\d+)?t?\b"), "python"),  # the interpreter's file name
    (re.compile(r"\d+(?:\.\d+)+"), "#.#"),  # timings, ratios
    (re.compile(r"\b\d{3,}\b"), "#"),  # pids, thread idents, counts that race
    (re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"), "#:#"),  # times of day
]


def normalised(output: str) -> tuple[str, ...]:
    """`output` with what varies by nature blanked out, its lines sorted (interleaving varies)."""
    lines = []
    for line in output.splitlines():
        for pattern, replacement in VARYING:
            line = pattern.sub(replacement, line)
        lines.append(line.rstrip())
    return tuple(sorted(line for line in lines if line))


def grouped(outputs: Sequence[tuple[Combination, str, bool]]) -> list[list[Combination]]:
    """Combinations whose runs printed the same (normalised), in first-seen order.

    Each item is (combination, output, passed); a run that failed stands alone.
    """
    groups: dict[object, list[Combination]] = {}
    for number, (combination, output, passed) in enumerate(outputs):
        key = normalised(output) if passed else ("failed", number)
        groups.setdefault(key, []).append(combination)
    return list(groups.values())


# ------------------------------------------------------------------ labels

WORDS = {
    "zh": {
        "default": "（{system} 默认）",
        "spawn": "（macOS、Windows 默认）",
        "free": "自由线程版",
        "ran": "运行于 {what}。",
        "same": "运行于 {what}，输出相同（进程号、地址、耗时等每次都会变的数字除外）。",
        "list": "、",
        "more": " 等 {count} 种",
    },
    "en": {
        "default": " ({system} default)",
        "spawn": " (macOS, Windows default)",
        "free": "free-threaded",
        "ran": "Ran on {what}.",
        "same": "Ran on {what}: the same output (but for pids, addresses, timings and other "
        "figures that change from run to run).",
        "list": ", ",
        "more": " + {count} more",
    },
}


def words_for(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["en"])


def method_label(combination: Combination, language: str) -> str:
    """`forkserver（Linux 默认）`: the start method that ran, and whose default it is."""
    words = words_for(language)
    method = combination.method
    if method == combination.interpreter.start_method:
        return method + words["default"].format(system=platform.system())
    return method + (words["spawn"] if method == "spawn" else "")


def short(combination: Combination, language: str, *, show_method: bool = True) -> str:
    """`3.14 · forkserver（Linux 默认）`: a tab's label."""
    label = combination.interpreter.name
    return f"{label} · {method_label(combination, language)}" if show_method else label


def full(combination: Combination, language: str, *, show_method: bool = True) -> str:
    """`CPython 3.14.2 free-threaded · forkserver (Linux default)`: what exactly ran."""
    words = words_for(language)
    interpreter = combination.interpreter
    label = f"CPython {interpreter.version}"
    if interpreter.free_threaded:
        label += f" {words['free']}" if language == "en" else f"（{words['free']}）"
    return f"{label} · {method_label(combination, language)}" if show_method else label


def ran_on(combinations: Sequence[Combination], language: str, *, show_method: bool) -> str:
    """The caption under an output: which run (or runs, when they printed the same) it shows.

    Runs on the same interpreter are named once: `CPython 3.13.0 · fork / spawn / forkserver`.
    """
    words = words_for(language)
    by_interpreter: dict[Interpreter, list[Combination]] = {}
    for combination in combinations:
        by_interpreter.setdefault(combination.interpreter, []).append(combination)
    listed = words["list"].join(
        full(runs[0], language, show_method=show_method)
        + "".join(f" / {method_label(c, language)}" for c in runs[1:]) * show_method
        for runs in by_interpreter.values()
    )
    template = words["same"] if len(combinations) > 1 else words["ran"]
    return template.format(what=listed)


def tab_label(group: Sequence[Combination], language: str, *, show_method: bool) -> str:
    first = short(group[0], language, show_method=show_method)
    if len(group) == 1:
        return first
    if len(group) == 2:
        return f"{first} / {short(group[1], language, show_method=show_method)}"
    return first + words_for(language)["more"].format(count=len(group) - 1)
