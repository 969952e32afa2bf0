"""MkDocs hook: keep `.ipynb` files documentation pages when mkdocs-static-i18n remakes them.

mkdocs-jupyter marks notebooks as pages by wrapping their `File`s, but mkdocs-static-i18n
re-creates every `File` afterwards, so without this the notebooks would be copied as raw
JSON. Teaching `File` itself that a notebook is a page also lets i18n compute the notebook's
URL, its language twin and its place in the language switch like any Markdown page.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File

_is_markdown_page = File.is_documentation_page


def _is_documentation_page(self: File) -> bool:
    return self.src_uri.endswith(".ipynb") or _is_markdown_page(self)


def on_config(config: Any) -> None:
    File.is_documentation_page = _is_documentation_page  # type: ignore[method-assign]
