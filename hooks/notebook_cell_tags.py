"""MkDocs hook: a notebook page shows no cell tags (`measure` is for the build, not the reader).

mkdocs-jupyter draws a cell's tags as chips in a toolbar above its code. The tags stay in the
notebooks, where the snippet runner reads them; the toolbar leaves the page, and with it the
search index's copy of the tag's name.
"""

from __future__ import annotations

import re
from typing import Any

CELL_TOOLBAR = re.compile(
    r'<div class="celltoolbar">\s*'
    r'(?:<div class="button_container tags_button_container">.*?</div>\s*)*'
    r"</div>\s*",
    re.S,
)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    return CELL_TOOLBAR.sub("", html)
