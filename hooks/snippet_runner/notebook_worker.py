"""The notebook worker: execute lab notebooks side by side, each as mkdocs-jupyter would.

    python notebook_worker.py OPTIONS JOBS

`hooks/notebooks_ahead.py` runs it under the supervisor (so its limits and deadline apply to
it and to every kernel). It imports the converter once, converts a first notebook without
executing it (templates, lexers and filters load once, and each child inherits them warm),
then forks a child per notebook. Each child

- is a child subreaper: whatever its kernel starts comes back to it when orphaned;
- executes its notebook with a per-cell timeout, its cells' output counted against a
  ceiling (past it the kernel is killed at once), and stores the page where mkdocs-jupyter's
  cache looks for it;
- holds the build's quiet lock shared while it works, and alone for each cell tagged
  "measure", so a lab's measurement runs with nothing else of the build beside it;
- executes it again while the claims its cells check (`snippets/claims.py`) are unsettled;
- gives what is left a moment to end, kills the rest, and reports one JSON line,
  `[notebook, problem]`, where `problem` is null or a sentence naming what went wrong.

OPTIONS is a JSON object: mkdocs-jupyter's render options, plus `cell_timeout` (seconds) and
`output_limit` (bytes). JOBS is a JSON list of [notebook, cache file] pairs. Reports go to
the worker's original stdout; everything else any process prints goes to stderr.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from snippet_runner import claims, quiet, reaper
from snippet_runner.launch import format_size

ANSI_COLOURS = re.compile(r"\x1b\[[0-9;]*m")  # IPython colours its tracebacks for a terminal
GRACE = 2.0  # seconds a kernel's leftovers get to end by themselves before they are killed
MEASURE_TAG = "measure"  # a cell's metadata tag: it measures, so it runs alone
# This process's notebook's output so far (each child executes one notebook).
printed = {"bytes": 0, "over_limit": False}
working = quiet.Holder()  # this process's shared hold of the quiet lock
# Where this worker's kernels' sockets are (removed when the worker ends).
SOCKETS = pathlib.Path(tempfile.mkdtemp(prefix="notebook-kernels-"))


class OutputLimitExceeded(Exception):
    pass


def patch_nbconvert(cell_timeout: int, output_limit: int) -> None:
    """Per-cell timeout, output ceiling, and an immediate kernel shutdown in every conversion."""
    from mkdocs_jupyter import nbconvert2
    from nbclient import NotebookClient

    make_app = nbconvert2.get_nbconvert_app

    def get_nbconvert_app(**kwargs):
        app = make_app(**kwargs)
        preprocessor = app.config["ExecutePreprocessor"]
        preprocessor["timeout"] = cell_timeout
        # Every output is in when the kernel is shut down; a graceful shutdown then waits up
        # to seconds for ipykernel to exit (jupyter_client#756). "immediate" kills its group.
        preprocessor["shutdown_kernel"] = "immediate"
        # Kernels talk over Unix sockets in this process's own folder, not TCP ports: ports
        # are picked free, closed, then bound by the kernel, and a kernel started meanwhile
        # elsewhere can take one ("Kernel died before replying to kernel_info").
        app.config["KernelManager"]["transport"] = "ipc"
        app.config["KernelManager"]["ip"] = str(SOCKETS / str(os.getpid()) / "kernel")
        (SOCKETS / str(os.getpid())).mkdir(parents=True, exist_ok=True)
        return app

    nbconvert2.get_nbconvert_app = get_nbconvert_app
    output = NotebookClient.output

    def counted_output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(
            len(str(value)) for value in content.get("data", {}).values()
        )
        printed["bytes"] += size
        if printed["bytes"] <= output_limit:
            return output(self, outs, msg, display_id, cell_index)
        if not printed["over_limit"]:
            printed["over_limit"] = True
            with contextlib.suppress(OSError, TypeError):  # nbclient then finds it dead
                os.killpg(self.km.provisioner.pgid, signal.SIGKILL)
        return None  # dropped: past the ceiling nothing more is kept

    NotebookClient.output = counted_output
    execute_cell = NotebookClient.execute_cell  # what nbconvert's ExecutePreprocessor calls

    def execute_cell_quietly(self, cell, cell_index, *args, **kwargs):
        if MEASURE_TAG not in cell.get("metadata", {}).get("tags", []):
            return execute_cell(self, cell, cell_index, *args, **kwargs)
        with working.let_go(), quiet.alone():
            return execute_cell(self, cell, cell_index, *args, **kwargs)

    NotebookClient.execute_cell = execute_cell_quietly


def convert(notebook: str, target: str, options: dict) -> None:
    from mkdocs_jupyter import convert as converter
    from mkdocs_jupyter.plugin import _get_nb_toc_tokens

    options = dict(options)
    toc_depth = options.pop("toc_depth")
    try:
        body = converter.nb2html(notebook, execute=True, **options)
    except Exception:
        if printed["over_limit"]:
            raise OutputLimitExceeded from None
        raise
    toc_tokens, title = _get_nb_toc_tokens(notebook, toc_depth)
    cache = pathlib.Path(target)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title}))
    tmp.replace(cache)


def problem_of(error: BaseException, cell_timeout: int, output_limit: int) -> str:
    """What went wrong, in a few lines for the build log."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(error, OutputLimitExceeded):
        limit = format_size(output_limit)
        return f"its cells printed more than its output limit of {limit}; its kernel was killed"
    if isinstance(error, CellTimeoutError):
        return f"a cell ran longer than {cell_timeout} s; its kernel was stopped"
    if isinstance(error, DeadKernelError):
        return "its kernel died while a cell ran"
    text = ANSI_COLOURS.sub("", "".join(traceback.format_exception_only(type(error), error)))
    cell_error = "\n".join(text.strip().splitlines()[-25:])  # nbclient: the cell, the traceback
    if re.search(r"^MemoryError\b", text, re.M):
        # The kernel has this process's limit (the supervisor set it for every process).
        limit = format_size(resource.getrlimit(resource.RLIMIT_DATA)[0])
        return f"a cell ran out of memory, {limit} per process\n{cell_error}"
    return cell_error


def execute_one(notebook: str, target: str, options: dict, limits: dict) -> str | None:
    """In the notebook's own child process: execute it, then end all it left; the problem."""
    reaper.become_subreaper()
    problem = None
    for attempt in range(1, claims.ATTEMPTS + 1):
        printed.update(bytes=0, over_limit=False)
        with claims.report_file() as report:
            os.environ[claims.VARIABLE] = str(report)  # the kernel inherits it
            working.take()
            try:
                convert(notebook, target, options)
            except Exception as error:
                problem = problem_of(error, limits["cell_timeout"], limits["output_limit"])
            finally:
                working.release()
            found = claims.read(report)
        if problem or not claims.unsettled(found):
            break
        if attempt < claims.ATTEMPTS:
            pathlib.Path(target).unlink(missing_ok=True)  # measured again: not this page
    problem = problem or claims.contradiction(found, attempt)
    if problem:
        pathlib.Path(target).unlink(missing_ok=True)
    deadline = time.monotonic() + GRACE
    while reaper.reap_ended() and time.monotonic() < deadline:
        time.sleep(0.01)
    killed = reaper.end_tree()
    if killed and problem is None:
        listed = "; ".join(sorted(killed.values()))
        plural = "es" if len(killed) != 1 else ""
        problem = f"left {len(killed)} process{plural} running, killed: {listed}"
    return problem


def main(options: dict, jobs: list[tuple[str, str]]) -> None:
    limits = {name: options.pop(name) for name in ("cell_timeout", "output_limit")}
    # Reports keep the original stdout to themselves: kernels and cells print to stderr.
    report = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    patch_nbconvert(limits["cell_timeout"], limits["output_limit"])
    from mkdocs_jupyter import convert as converter

    render_options = {name: value for name, value in options.items() if name != "toc_depth"}
    converter.nb2html(jobs[0][0], execute=False, **render_options)
    children = {}
    for notebook, target in jobs:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                problem = execute_one(notebook, target, options, limits)
                report.write(json.dumps([notebook, problem]) + "\n")
                report.flush()
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        children[pid] = notebook
    while children:
        pid, status = os.wait()
        notebook = children.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            report.write(json.dumps([notebook, f"its worker process ended with code {code}"]))
            report.write("\n")
    shutil.rmtree(SOCKETS, ignore_errors=True)


if __name__ == "__main__":
    main(json.loads(sys.argv[1]), json.loads(sys.argv[2]))
