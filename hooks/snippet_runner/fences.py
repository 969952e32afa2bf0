"""The executed blocks of a page, and what their fence options ask of a run.

A block is a ```python exec="1"``` fence whose body includes a file under snippets/ with
`--8<--`. Its options (all optional):

    timeout="8"            seconds before the run is killed with all it started (at most 60)
    output_limit="4MiB"    what the run may print in all before it is stopped
    memory_limit="512MiB"  memory per process of the run
    processes="8"          processes of the run alive at once (threads not counted)
    disk_limit="64MiB"     what the files in the run's own folder may take in all
    returncode="1"         the exit code the block expects (default 0)
    alone="1"              a timing measurement: run it with nothing else of the build beside it
    matrix="start-methods" run it under fork, spawn and forkserver; "interpreters": on every
                           interpreter found; "interpreters start-methods": both (`matrix`)
    requires="3.13"        the oldest Python it runs on: only interpreters this new or newer run it
    timeline="no"          no timeline under its output (shown when the run had several lanes)

The defaults come from `extra.snippet_runner` in mkdocs.yml, and each option is validated as
the setting of the same name is (`settings`): a block cannot ask for more than the site may
(a timeout over 60 s, say). The same reading serves the plan made before any page renders and
the page's own render, so the two always agree.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import settings
from .launch import Limits
from .matrix import AXES, axes_of

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?:python|py)\b(?P<options>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
OPTION = re.compile(r"""(\w+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")
INCLUDE_LINE = re.compile(
    r"""^(?P<indent>\s*)-+8<-+\s+(?P<quote>["'])(?P<path>[^"']+)(?P=quote)\s*$"""
)
# Options this runner reads; markdown-exec must not see them (it would pass them to the page).
RUN_OPTIONS = tuple(name for name in settings.FENCE_OPTIONS if name != "returncode")


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
    """ "3.13" as (3, 13); ValueError for anything else."""
    match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", text)
    if match is None:
        raise ValueError(f'requires="{text}": expected a Python version such as "3.13"')
    return int(match[1]), int(match[2])


def block_of(script: Path, options: Mapping[str, Any], base: Limits) -> Block:
    """What a block's fence options say about running its snippet; ValueError naming a bad one."""
    values = {name: settings.fence_option(name, str(value)) for name, value in options.items()}
    axes, unknown = axes_of(values.get("matrix", ""))
    if unknown:
        takes = " and ".join(AXES)
        raise ValueError(
            f'matrix="{values["matrix"]}": unknown {", ".join(unknown)} (it takes {takes})'
        )
    try:
        returncode = int(values.get("returncode", 0))
    except ValueError:
        raise ValueError(f'returncode="{values["returncode"]}": expected a whole number') from None
    limits = replace(
        base,
        timeout=values.get("timeout", base.timeout),
        output=values.get("output_limit", base.output),
        memory=values.get("memory_limit", base.memory),
        processes=values.get("processes", base.processes),
        disk=values.get("disk_limit", base.disk),
    )
    return Block(
        script,
        limits,
        returncode=returncode,
        alone=values.get("alone", "") in settings.TRUE,
        matrix=axes,
        requires=version_of(values["requires"]) if values.get("requires") else (3, 0),
        timeline=values.get("timeline", "1") not in settings.FALSE,
    )


def options_of(fence_options: str) -> dict[str, str]:
    return {m[1]: m[2] or m[3] or m[4] or "" for m in OPTION.finditer(fence_options)}


def blocks_in(markdown: str, root: Path, base: Limits) -> list[Block]:
    """The executed blocks of a page whose snippet file exists, in order.

    A block with a bad option is left out: its page's render says what is wrong with it.
    """
    blocks = []
    for fence in FENCE.finditer(markdown):
        options = options_of(fence["options"])
        if options.pop("exec", "").lower() in settings.FALSE:
            continue
        ours = {name: value for name, value in options.items() if name in settings.FENCE_OPTIONS}
        for line in fence["body"].splitlines():
            include = INCLUDE_LINE.match(line)
            script = include and root / include["path"].split(":", 1)[0]
            if script and script.is_file():
                with contextlib.suppress(ValueError):
                    blocks.append(block_of(script.resolve(), ours, base))
    return blocks
