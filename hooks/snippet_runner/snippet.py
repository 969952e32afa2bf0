"""Run a snippet file as a real script, in the environment every snippet gets.

`python /…/snippets/…/x.py`: `__name__ == "__main__"`, the run's own folder as working
directory and $TMPDIR (`sandbox`: it may write there, and nowhere in the project), the
repository root on `sys.path` (a snippet may import and read the project's modules), stdin
from /dev/null, UTF-8, this package's `startup/sitecustomize.py` loaded by every Python
process the run starts, and $SNIPPET_INTERPRETERS: the interpreters the build found, as JSON
(a snippet may compare them, as the home page's does).
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

from . import launch, timeline
from .matrix import START_METHOD_VARIABLE

ROOT = Path(__file__).resolve().parents[2]  # hooks/snippet_runner/ -> the repository
# What a page shows for the run's own folder, which has another name at each run.
FOLDER_SHOWN = "/tmp/run"
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
    cwd: Path | None = None,
    interpreter: str = sys.executable,
    start_method: str | None = None,
    variables: dict[str, str] | None = None,
    record: bool = False,
    command: list[str] | None = None,
    on_output: Callable[[str], None] | None = None,
) -> launch.Run:
    """Run `script` under `limits`, as the build does.

    Paths in the repository print relative to it, and the run's folder as `FOLDER_SHOWN`;
    `cwd` is a working directory other than the run's folder (its paths print relative to it).
    `start_method` makes that multiprocessing's default (the interpreter's own if None);
    `variables` are added to the environment; `record` records its timeline. `command`, if
    given, is what runs instead of `interpreter script` (a notebook's worker), in the same
    environment; `on_output` gets its stdout as it comes (`launch.run`).
    """
    recording = tempfile.TemporaryDirectory(prefix="timeline-") if record else nullcontext()
    with recording as events:
        env = environment() | (variables or {})
        if start_method:
            env[START_METHOD_VARIABLE] = start_method
        if events:
            env[timeline.VARIABLE] = events
        result = launch.run(
            command or [interpreter, str(script)],
            cwd=cwd,
            env=env,
            limits=limits,
            writable=[events] if events else [],  # the recorder's folder: the runner's own
            on_output=on_output,
        )
        if events:
            result.timeline = timeline.read(Path(events), time.monotonic_ns())
    result.output = RECORDER_FRAME.sub("", shown(result.output, result.folder, cwd))
    result.stderr = RECORDER_FRAME.sub("", shown(result.stderr, result.folder, cwd))
    result.killed = [shown(command, result.folder, cwd) for command in result.killed]
    return result


def shown(text: str, folder: str, cwd: Path | None) -> str:
    """`text` as a page shows it: the run's folder as `FOLDER_SHOWN`, paths in the repository
    (a traceback names the snippet by its absolute path) or under `cwd` relative to it."""
    if folder:
        text = text.replace(folder, FOLDER_SHOWN)
    for base in (cwd, ROOT):
        if base is not None:
            text = text.replace(f"{base}{os.sep}", "")
    return text
