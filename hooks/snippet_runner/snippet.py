"""Run a snippet file as a real script, in the environment every snippet gets.

`python snippets/…/x.py`: `__name__ == "__main__"`, the repository root as working directory
and on `sys.path` (a snippet may import the project's modules), stdin from /dev/null, UTF-8,
this package's `startup/sitecustomize.py` loaded by every Python process the run starts, and
a file to report the claims it checks to (`claims`), and $SNIPPET_INTERPRETERS: the
interpreters the build found, as JSON (a snippet may compare them, as the home page's does).
A run can be recorded for its timeline (`timeline`): a folder in $SNIPPET_TIMELINE.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from . import claims, launch, timeline
from .matrix import START_METHOD_VARIABLE

ROOT = Path(__file__).resolve().parents[2]  # hooks/snippet_runner/ -> the repository
STARTUP = Path(__file__).resolve().with_name("startup")
# A traceback's lines for a frame of the timeline's recorder (which wraps a few functions of
# the standard library): the page shows the traceback the snippet has without it.
RECORDER_FRAME = re.compile(
    r'^ *File "[^"\n]*startup/_timeline\.py", line \d+, in \w+\n(?:(?! *File )[ \t]+.*\n)*',
    re.M,
)
# Variables of the build's own environment that would change how a snippet's Python behaves.
# PYTEST_CURRENT_TEST: ipykernel, for one, stops showing its children's output under pytest,
# and a page must be the same whether a test or an author built it.
DROPPED = {
    "PYTHONUNBUFFERED",
    "PYTHONSTARTUP",
    "PYTHONHOME",
    "PYTHONINSPECT",
    "PYTEST_CURRENT_TEST",
}


def environment() -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in DROPPED}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(STARTUP), str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    env["PYTHONUTF8"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env.setdefault("COLUMNS", "88")
    return env


def execute(
    script: Path,
    limits: launch.Limits = launch.Limits(),
    *,
    cwd: Path = ROOT,
    interpreter: str = sys.executable,
    start_method: str | None = None,
    variables: dict[str, str] | None = None,
    record: bool = False,
    command: list[str] | None = None,
    on_output: Callable[[str], None] | None = None,
) -> launch.Run:
    """Run `script` under `limits`, as the build does. Paths under `cwd` print relative to it.

    `start_method` makes that multiprocessing's default (the interpreter's own if None);
    `variables` are added to the environment; `record` records its timeline. `command`, if
    given, is what runs instead of `interpreter script` (a notebook's worker), in the same
    environment; `on_output` gets its stdout as it comes (`launch.run`).
    """
    recording = tempfile.TemporaryDirectory(prefix="timeline-") if record else nullcontext()
    with claims.report_file() as report, recording as events:
        env = environment() | (variables or {}) | {claims.VARIABLE: str(report)}
        if start_method:
            env[START_METHOD_VARIABLE] = start_method
        if events:
            env[timeline.VARIABLE] = events
        argv = command or [interpreter, str(script)]
        result = launch.run(argv, cwd=cwd, env=env, limits=limits, on_output=on_output)
        result.claims = claims.read(report)
        if events:
            result.timeline = timeline.read(Path(events), time.monotonic_ns())
    # Tracebacks name the snippet by its absolute path: show it relative to the repository.
    prefix = f"{cwd}{os.sep}"
    result.output = RECORDER_FRAME.sub("", result.output.replace(prefix, ""))
    result.stderr = RECORDER_FRAME.sub("", result.stderr.replace(prefix, ""))
    result.killed = [command.replace(prefix, "") for command in result.killed]
    return result
