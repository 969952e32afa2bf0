"""MkDocs hook: make mkdocs-jupyter notebooks work under mkdocs-static-i18n.

mkdocs-static-i18n re-creates every `File` after mkdocs-jupyter has wrapped the notebooks
as pages, so without this they would be copied as raw JSON. Teaching `File` itself that a
notebook is a page also gives each notebook its URL, its language twin and its place in the
language switch, like any Markdown page.

mkdocs-static-i18n also runs one build per language, and mkdocs-jupyter evicts, after each,
the cached notebooks that build did not render: the other language's. Without the second
fix here every build would execute every notebook again.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# MkDocs loads a hook as a module named after its path; hooks importing this one by name get it.
sys.modules["i18n_notebooks"] = sys.modules[__name__]

_is_markdown_page = File.is_documentation_page


def _is_documentation_page(self: File) -> bool:
    return self.src_uri.endswith(".ipynb") or _is_markdown_page(self)


def on_config(config: Any) -> None:
    File.is_documentation_page = _is_documentation_page  # type: ignore[method-assign]


def cache_path(notebook: Path, jupyter: Any) -> Path:
    """Where mkdocs-jupyter (pinned in requirements.txt) caches the rendered `notebook`."""
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    key = _compute_cache_key(str(notebook), jupyter.config, jupyter.config["execute"])
    return _get_cache_path(jupyter.config["cache_dir"], key)


@event_priority(10)  # before mkdocs-jupyter's own on_post_build evicts what it did not use
def on_post_build(config: Any) -> None:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None or not jupyter.config["cache"]:
        return
    for notebook in Path(config.docs_dir).rglob("*.ipynb"):
        jupyter._used_cache_paths.add(cache_path(notebook, jupyter))
