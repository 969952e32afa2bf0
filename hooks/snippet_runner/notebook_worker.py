"""The notebook worker: execute one lab notebook's code cells in a Jupyter kernel, as one run.

    python notebook_worker.py NOTEBOOK CELL_TIMEOUT OUTPUT_LIMIT

The runner starts it like a snippet, under the supervisor (`notebooks`, `launch`), so the run's
deadline, memory ceiling and process supervision apply to it and to its kernel, and whatever
the kernel leaves running is ended with the run. Here, with nbclient's own extension points
(a `NotebookClient` subclass and a kernel manager of our own):

- each cell has CELL_TIMEOUT seconds; what the cells print counts against OUTPUT_LIMIT bytes,
  and past it the kernel is killed at once;
- the kernel talks over Unix sockets in a folder of the run's own (`$TMPDIR`), not TCP ports
  (a port picked free can be taken by another kernel before this one binds it), and keeps its
  IPython history there too;
- the worker holds the build's quiet lock shared while it works, and alone for a cell tagged
  "measure", so a lab's measurement runs with nothing else of the build beside it.

It prints one JSON object on stdout: each code cell's outputs, execution count and id, in order,
and `problem` (null, or what stopped it: a cell that raised, a cell timeout, a dead kernel, the
output ceiling), and exits with 0, or 1 when there is a problem. Everything else goes to stderr.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import tempfile
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from snippet_runner import quiet

ANSI_COLOURS = re.compile(r"\x1b\[[0-9;]*m")  # IPython colours its tracebacks for a terminal
MEASURE_TAG = "measure"  # a cell's metadata tag: it measures, so it runs alone


def client_class():
    """nbclient's NotebookClient, with the output ceiling and the quiet lock."""
    from nbclient import NotebookClient

    class Client(NotebookClient):
        printed = 0
        output_limit = 0
        over_limit = False
        working = quiet.Holder()

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            self.printed += len(content.get("text", "")) + sum(
                len(str(value)) for value in content.get("data", {}).values()
            )
            if self.printed <= self.output_limit:
                return super().output(outs, msg, display_id, cell_index)
            if not self.over_limit:
                self.over_limit = True
                os.killpg(self.km.provisioner.pgid, signal.SIGKILL)  # type: ignore[union-attr]
            return None  # past the ceiling nothing more is kept

        async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
            if MEASURE_TAG not in cell.get("metadata", {}).get("tags", []):
                return await super().async_execute_cell(cell, cell_index, *args, **kwargs)
            with self.working.let_go(), quiet.alone():
                return await super().async_execute_cell(cell, cell_index, *args, **kwargs)

    return Client


def execute(notebook: Path, cell_timeout: int, output_limit: int) -> dict:
    """Execute the notebook's code cells; what each printed, and what stopped it (if anything)."""
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(notebook, as_version=4)
    folder = Path(tempfile.mkdtemp(prefix="kernel-"))
    os.environ["IPYTHONDIR"] = str(folder / "ipython")  # the kernel's history stays in the run
    kernel = AsyncKernelManager(
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        transport="ipc",
        ip=str(folder / "kernel"),
        connection_file=str(folder / "connection.json"),
    )
    client = client_class()(
        nb,
        km=kernel,
        timeout=cell_timeout,
        allow_errors=False,
        # Every output is in when the kernel is shut down; a graceful shutdown then waits up
        # to seconds for ipykernel to exit (jupyter_client#756): "immediate" kills its group.
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.output_limit = output_limit
    problem = None
    client.working.take()
    try:
        client.execute()
    except CellTimeoutError:
        problem = {"kind": "timeout", "text": f"a cell ran longer than {cell_timeout} s"}
    except DeadKernelError:
        kind = "output" if client.over_limit else "dead"
        problem = {"kind": kind, "text": "its kernel died while a cell ran"}
    except CellExecutionError as error:
        text = ANSI_COLOURS.sub("", str(error))
        problem = {"kind": "output" if client.over_limit else "error", "text": text}
    finally:
        client.working.release()
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    return {
        "cells": [cell.get("outputs", []) for cell in code],
        "counts": [cell.get("execution_count") for cell in code],
        "ids": [cell.get("id", "") for cell in code],
        "problem": problem,
    }


def main(notebook: str, cell_timeout: str, output_limit: str) -> int:
    # The report keeps the original stdout to itself: the kernel and nbclient print to stderr.
    report = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    try:
        result = execute(Path(notebook), int(cell_timeout), int(output_limit))
    except Exception:
        traceback.print_exc()
        return 2
    if result["problem"]:
        print(result["problem"]["text"], file=sys.stderr)
    report.write(json.dumps(result))
    report.close()
    return 1 if result["problem"] else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
