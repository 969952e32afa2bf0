"""MkDocs hook: execute uncached notebooks side by side, under supervision, before their pages.

mkdocs-jupyter executes a notebook when its page is rendered, one after the other, each with a
kernel to start, and with no limit on time, output or memory. In a cold build this hook hands
every uncached notebook to one worker (`snippet_runner/notebook_worker.py`) run under the
snippet runner's supervisor, so they all execute at once, beside the snippets (after the timing
measurements, which the runner runs first), under the same limits as a snippet: a cell that
hangs, floods or allocates without end, or a kernel that leaves a process behind, fails the
notebook; a cell tagged "measure" runs with nothing else of the build beside it (`quiet`), and
a notebook whose measurements contradict the claims its cells check is executed again, then
fails. Each result goes where mkdocs-jupyter's cache looks for it; a page whose notebook is
still running waits for it (letting go of the quiet lock meanwhile), and a page whose notebook
failed says so (a warning names it) instead of executing it again.
"""

from __future__ import annotations

import html
import json
import os
import sys
import threading
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Any

from i18n_notebooks import cache_path  # hooks listed before this one in mkdocs.yml
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc
from snippet_runner import launch
from snippet_runner.build import log, state
from snippet_runner.snippet import DROPPED, ROOT

WORKER = Path(launch.__file__).with_name("notebook_worker.py")
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
TIMEOUT = 300  # seconds for all the notebooks together
FAILED = {
    "zh": "构建时这个 notebook 没有通过",
    "en": "This notebook failed when the site was built",
}
# notebook -> its execution: None once it passed, else what went wrong.
running: dict[str, Future[str | None]] = {}


@event_priority(10)  # after snippet_runner's (20), which runs the timing measurements first
def on_pre_build(config: Any) -> None:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None or not (jupyter.config["execute"] and jupyter.config["cache"]):
        return
    if jupyter.config["execute_ignore"]:
        return  # per-notebook execution rules: leave every notebook to mkdocs-jupyter
    options = {name: jupyter.config[name] for name in RENDER_OPTIONS}
    options |= {"cell_timeout": int(state.limits.timeout), "output_limit": state.limits.output}
    if state.depth == 1:  # a new build (not another language's, nested in it): forget the last
        for notebook in [name for name, job in running.items() if job.done()]:
            del running[notebook]
    jobs: dict[str, str] = {}
    for notebook in sorted(Path(config.docs_dir).rglob("*.ipynb")):
        if str(notebook) in running:
            continue  # running, or ran in this build (a failure is not retried until the next)
        if not (target := cache_path(notebook, jupyter)).exists():
            jobs[str(notebook)] = str(target)
    if not jobs:
        return
    finished: dict[str, Future[str | None]] = {}
    for notebook in jobs:
        finished[notebook] = running[notebook] = Future()
    command = [sys.executable, str(WORKER), json.dumps(options), json.dumps(list(jobs.items()))]
    threading.Thread(target=_run, args=(command, finished), name="notebooks", daemon=True).start()


def _run(command: list[str], finished: dict[str, Future[str | None]]) -> None:
    """Run the worker under the supervisor; each notebook's report settles its future."""
    pending = ""

    def on_output(text: str) -> None:
        nonlocal pending
        *lines, pending = (pending + text).split("\n")
        for line in lines:
            notebook, problem = json.loads(line)
            finished[notebook].set_result(problem)

    limits = replace(state.limits, timeout=TIMEOUT)
    try:
        worker = launch.run(
            command,
            cwd=ROOT,
            env={name: value for name, value in os.environ.items() if name not in DROPPED},
            limits=limits,
            writable=[str(Path(target).parent) for _, target in json.loads(command[-1])],
            on_output=on_output,
        )
        why = f"the notebook worker ended ({worker.ending}, code {worker.returncode})"
        if worker.ending == "timeout":
            why = f"the notebooks were still running after {TIMEOUT} s; all were stopped"
        why += "\n" + worker.stderr[-3000:]
    except Exception as error:  # never leave a page waiting
        why = f"the notebook worker could not run: {error}"
    for future in finished.values():
        if not future.done():
            future.set_result(why)


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
    language = getattr(page.file, "locale", None) or "en"

    def render_when_executed(config: Any, files: Any) -> None:
        with state.rendering.let_go():  # the notebook may be waiting to measure alone
            problem = job.result()
        if problem is None:
            render(config, files)
            return
        log.warning("notebook %s: %s", page.file.src_uri, problem)
        title = FAILED.get(language, FAILED["en"])
        page.content = (
            f'<div class="admonition failure"><p class="admonition-title">{title}</p>'
            f"<pre>{html.escape(problem)}</pre></div>"
        )
        page.toc = get_toc([])

    page.render = render_when_executed
    return page
