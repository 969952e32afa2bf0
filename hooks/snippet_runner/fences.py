"""The executed blocks of a page, and what their fence options ask of a run.

A block is a ```python exec="1"``` fence whose body includes a file under snippets/ with
`--8<--`. Its options (all optional):

    timeout="8"            seconds before the run is killed with all it started (at most 60)
    output_limit="4MiB"    what the run may print in all before it is stopped
    memory_limit="512MiB"  memory per process of the run
    returncode="1"         the exit code the block expects (default 0)
    alone="1"              a timing measurement: run it with nothing else of the build beside it
    matrix="start-methods" run it under fork, spawn and forkserver; "interpreters": on every
                           interpreter found; "interpreters start-methods": both (`matrix`)
    requires="3.13"        the oldest Python it runs on: only interpreters this new or newer run it
    timeline="no"          no timeline under its output (shown when the run had several lanes)

The defaults come from `extra.snippet_runner` in mkdocs.yml. The same reading serves the plan
made before any page renders and the page's own render, so the two always agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .launch import Limits, parse_size
from .matrix import axes_of

MAX_TIMEOUT = 60.0
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?:python|py)\b(?P<options>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
OPTION = re.compile(r"""(\w+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")
INCLUDE_LINE = re.compile(
    r"""^(?P<indent>\s*)-+8<-+\s+(?P<quote>["'])(?P<path>[^"']+)(?P=quote)\s*$"""
)
FALSE = {"", "0", "no", "off", "false"}
# Options this runner reads; markdown-exec must not see them (it would pass them to the page).
RUN_OPTIONS = (
    "timeout",
    "alone",
    "output_limit",
    "memory_limit",
    "matrix",
    "requires",
    "timeline",
)


@dataclass(frozen=True)
class Block:
    """An executed block: which snippet it runs, and how."""

    script: Path
    limits: Limits
    returncode: int = 0
    alone: bool = False  # a timing measurement: nothing else may run beside it
    matrix: tuple[str, ...] = ()  # the axes it runs across (matrix.AXES)
    requires: tuple[int, int] = (3, 0)  # the oldest Python version it runs on
    timeline: bool = True  # draw its timeline under the output (a measurement has none)


def version_of(text: str) -> tuple[int, int]:
    """ "3.13" as (3, 13)."""
    major, minor = text.strip().split(".")[:2]
    return int(major), int(minor)


def defaults(extra: Mapping[str, Any]) -> Limits:
    """The limits every block gets unless its fence says otherwise (mkdocs.yml's extra)."""
    settings = extra.get("snippet_runner") or {}
    return limits_of(settings, Limits())


def limits_of(options: Mapping[str, Any], base: Limits) -> Limits:
    changes: dict[str, Any] = {}
    if "timeout" in options:
        changes["timeout"] = min(float(options["timeout"]), MAX_TIMEOUT)
    if "output_limit" in options:
        changes["output"] = parse_size(options["output_limit"])
    if "memory_limit" in options:
        changes["memory"] = parse_size(options["memory_limit"])
    return replace(base, **changes)


def block_of(script: Path, options: Mapping[str, Any], base: Limits) -> Block:
    """What a block's fence options say about running its snippet."""
    return Block(
        script,
        limits_of(options, base),
        returncode=int(options.get("returncode", 0)),
        alone=str(options.get("alone", "")).lower() not in FALSE,
        matrix=axes_of(str(options.get("matrix", "")))[0],
        requires=version_of(options["requires"]) if options.get("requires") else (3, 0),
        timeline=str(options.get("timeline", "1")).lower() not in FALSE,
    )


def options_of(fence_options: str) -> dict[str, str]:
    return {m[1]: m[2] or m[3] or m[4] or "" for m in OPTION.finditer(fence_options)}


def blocks_in(markdown: str, root: Path, base: Limits) -> list[Block]:
    """The executed blocks of a page whose snippet file exists, in order."""
    blocks = []
    for fence in FENCE.finditer(markdown):
        options = options_of(fence["options"])
        if options.get("exec", "").lower() in FALSE:
            continue
        for line in fence["body"].splitlines():
            include = INCLUDE_LINE.match(line)
            script = include and root / include["path"].split(":", 1)[0]
            if script and script.is_file():
                blocks.append(block_of(script.resolve(), options, base))
    return blocks
