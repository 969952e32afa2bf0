"""MkDocs hook: execute uncached notebooks side by side before their pages are rendered.

mkdocs-jupyter executes a notebook when its page is rendered, one after the other, each with a
kernel to start. In a cold build this hook hands every uncached notebook to one worker process,
which imports the converter once and forks a child per notebook, so they all execute at once,
beside the snippets (after the timing measurements, which snippet_runner runs first); each
result goes where mkdocs-jupyter's cache looks for it. A page whose notebook is still running
waits for it. If a notebook fails here, mkdocs-jupyter executes it itself when its page renders
and reports the error as usual.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from i18n_notebooks import cache_path  # hooks listed before this one in mkdocs.yml
from mkdocs.plugins import event_priority
from snippet_runner import kill_process_group, live_processes

# Runs in the worker process: the same conversion mkdocs-jupyter's page render does, with its
# result stored in the same cache format (mkdocs-jupyter is pinned in requirements.txt). It
# prints one JSON line [notebook, exit code] as each notebook is done.
WORKER = """
import json, os, pathlib, sys, traceback
from mkdocs_jupyter import convert, nbconvert2
from mkdocs_jupyter.plugin import _get_nb_toc_tokens

make_app = nbconvert2.get_nbconvert_app

def get_nbconvert_app(**kwargs):
    app = make_app(**kwargs)
    # Every output is in when the kernel is shut down; a graceful shutdown then waits up to
    # seconds for ipykernel to exit (jupyter_client#756). "immediate" kills its process group.
    app.config["ExecutePreprocessor"]["shutdown_kernel"] = "immediate"
    return app

nbconvert2.get_nbconvert_app = get_nbconvert_app
options = json.loads(sys.argv[1])
toc_depth = options.pop("toc_depth")

def convert_one(notebook, cache_path):
    body = convert.nb2html(notebook, execute=True, **options)
    toc_tokens, title = _get_nb_toc_tokens(notebook, toc_depth)
    cache_path = pathlib.Path(cache_path)
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache_path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title}))
    tmp.replace(cache_path)

def done(notebook, code):
    print(json.dumps([notebook, code]), flush=True)

jobs = json.loads(sys.argv[2])
# A first conversion loads templates, lexers and filters; done once here, before forking,
# every child inherits them warm (a child's conversion then costs a third of the CPU).
convert.nb2html(jobs[0][0], execute=False, **options)
children = {}
for notebook, target in jobs:
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            convert_one(notebook, target)
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
    done(children.pop(pid), os.waitstatus_to_exitcode(status))
"""
RENDER_OPTIONS = (
    "kernel_name",
    "theme",
    "allow_errors",
    "show_input",
    "no_input",
    "no_prompt",
    "remove_tag_config",
    "highlight_extra_classes",
    "include_requirejs",
    "custom_mathjax_url",
    "toc_depth",
)

TIMEOUT = 300  # seconds for all notebooks; mkdocs-jupyter then tries each itself and reports
running: dict[str, Future[int | None]] = {}


@event_priority(10)  # after snippet_runner's (20), which runs the timing measurements first
def on_pre_build(config: Any) -> None:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None or not (jupyter.config["execute"] and jupyter.config["cache"]):
        return
    if jupyter.config["execute_ignore"]:
        return  # per-notebook execution rules: leave every notebook to mkdocs-jupyter
    options = json.dumps({name: jupyter.config[name] for name in RENDER_OPTIONS})
    jobs: dict[str, str] = {}
    for notebook in sorted(Path(config.docs_dir).rglob("*.ipynb")):
        if str(notebook) in running and not running[str(notebook)].done():
            continue
        if not (target := cache_path(notebook, jupyter)).exists():
            jobs[str(notebook)] = str(target)
    if not jobs:
        return
    finished: dict[str, Future[int | None]] = {}
    for notebook in jobs:
        finished[notebook] = running[notebook] = Future()
    command = [sys.executable, "-c", WORKER, options, json.dumps(list(jobs.items()))]
    threading.Thread(target=_run, args=(command, finished), name="notebooks", daemon=True).start()


def _run(command: list[str], finished: dict[str, Future[int | None]]) -> None:
    """Run the worker; at the timeout, kill it and every process it started, kernels included."""
    worker = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        text=True,
    )
    deadline = threading.Timer(TIMEOUT, _kill_tree, args=(worker.pid,))
    deadline.start()
    try:
        assert worker.stdout is not None
        for line in worker.stdout:
            notebook, code = json.loads(line)
            finished[notebook].set_result(code)
    finally:
        deadline.cancel()
        _kill_tree(worker.pid)
        worker.wait()
        for future in finished.values():
            if not future.done():
                future.set_result(None)


def _kill_tree(pid: int) -> None:
    """SIGKILL the process groups of `pid` and of all its descendants (kernels have their own)."""
    processes = live_processes()
    tree, groups = {pid}, {pid}
    while grown := {p for p in processes if p.ppid in tree and p.pid not in tree}:
        tree |= {p.pid for p in grown}
        groups |= {p.pgrp for p in grown}
    for group in groups:
        kill_process_group(group)


# The build's own order of files, while pages of running notebooks are moved to the end.
build_order: list[Any] = []


@event_priority(-110)  # after mkdocs-static-i18n (-100) has made this language's files
def on_files(files: Any, config: Any) -> Any:
    """Read the pages of still-running notebooks last: the other pages render meanwhile."""
    still_running = [
        file
        for file in files
        if file.abs_src_path in running and not running[file.abs_src_path].done()
    ]
    build_order[:] = list(files) if still_running else []
    for file in still_running:
        files.remove(file)
        files.append(file)
    return files


@event_priority(100)  # once every page is read, before anything is written in file order
def on_env(env: Any, config: Any, files: Any) -> Any:
    """Put the files back in the build's order, which the search index and static files follow."""
    for file in build_order:
        files.remove(file)
        files.append(file)
    build_order.clear()
    return env


@event_priority(-10)  # after mkdocs-jupyter's on_pre_page has given the page its render
def on_pre_page(page: Any, config: Any, files: Any) -> Any:
    job = running.get(str(page.file.abs_src_path))
    if job is None:
        return page
    render = page.render

    def render_when_executed(config: Any, files: Any) -> None:
        job.result()
        render(config, files)

    page.render = render_when_executed
    return page
