"""MkDocs hook: execute uncached notebooks side by side before their pages are rendered.

mkdocs-jupyter executes a notebook when its page is rendered, one after the other, each with a
kernel to start. In a cold build this hook executes them all at once, in worker processes,
and writes the results where mkdocs-jupyter's cache looks for them; a page whose notebook is
still running waits for it, and snippets marked alone="1" wait for all of them. If a worker
fails, mkdocs-jupyter executes the notebook itself and reports the error as usual.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from i18n_notebooks import cache_path  # hooks listed before this one in mkdocs.yml
from mkdocs.plugins import event_priority
from snippet_runner import beside_snippets

# Runs in a worker process: the same conversion mkdocs-jupyter's page render does, with its
# result stored in the same cache format (mkdocs-jupyter is pinned in requirements.txt).
WORKER = """
import json, pathlib, sys
from mkdocs_jupyter import convert
from mkdocs_jupyter.plugin import _get_nb_toc_tokens

notebook, cache_path, options = sys.argv[1], pathlib.Path(sys.argv[2]), json.loads(sys.argv[3])
toc_depth = options.pop("toc_depth")
body = convert.nb2html(notebook, execute=True, **options)
toc_tokens, title = _get_nb_toc_tokens(notebook, toc_depth)
cache_path.parent.mkdir(parents=True, exist_ok=True)
tmp = cache_path.with_suffix(".tmp")
tmp.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title}))
tmp.replace(cache_path)
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

TIMEOUT = 300  # seconds for one notebook; mkdocs-jupyter then tries it itself and reports
running: dict[str, Future[int | None]] = {}


@event_priority(10)  # before snippet_runner's, so its alone="1" snippets wait for notebooks too
def on_pre_build(config: Any) -> None:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None or not (jupyter.config["execute"] and jupyter.config["cache"]):
        return
    if jupyter.config["execute_ignore"]:
        return  # per-notebook execution rules: leave every notebook to mkdocs-jupyter
    options = json.dumps({name: jupyter.config[name] for name in RENDER_OPTIONS})
    pending = []
    for notebook in sorted(Path(config.docs_dir).rglob("*.ipynb")):
        if str(notebook) in running and not running[str(notebook)].done():
            continue
        if not (target := cache_path(notebook, jupyter)).exists():
            pending.append((notebook, target))
    if not pending:
        return
    pool = ThreadPoolExecutor(max_workers=len(pending), thread_name_prefix="notebook")
    for notebook, target in pending:
        command = [sys.executable, "-c", WORKER, str(notebook), str(target), options]
        running[str(notebook)] = pool.submit(_run, command)
        beside_snippets(running[str(notebook)])
    pool.shutdown(wait=False)


def _run(command: list[str]) -> int | None:
    """Run a worker in its own process group; kill the group (kernel included) at the timeout."""
    worker = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        return worker.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


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
