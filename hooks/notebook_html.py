"""MkDocs hook: a notebook page's HTML as the site serves it: shared stylesheets, nothing unused.

- Each notebook page carries about 600 KB of identical `<style>` elements (JupyterLab's theme,
  Pygments colours, mkdocs-jupyter's overrides). They leave the page for files under
  `assets/notebooks/`, named by their content and linked from the page's head in the same
  order, so a reader's browser fetches them once for all notebook pages, and the search plugin
  no longer parses them on every build. Each element becomes its own file: they are separate
  style sheets, and one's parse errors must not spill into the next.
- mkdocs-jupyter's template loads MathJax (from `custom_mathjax_url`, which is empty here: an
  invalid `<script src="">`) and Mermaid (from a CDN, when a page has a diagram). The labs have
  no formulas and no diagrams, and the site loads nothing from elsewhere: both loaders go.
  (mkdocs-jupyter 0.26 has no option to leave them out; 0.27's `include_mathjax` needs Python
  3.12.)
- mkdocs-jupyter draws a cell's tags as chips in a toolbar above its code; `measure` is for the
  build, not the reader. The toolbar leaves the page, and with it the search index's copy of
  the tag's name; the tags stay in the notebooks, where the runner reads them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from mkdocs.utils import get_relative_url

STYLE = re.compile(r"<style[^>]*>(?P<css>.*?)</style>", re.S)
CELL_TOOLBAR = re.compile(
    r'<div class="celltoolbar">\s*'
    r'(?:<div class="button_container tags_button_container">.*?</div>\s*)*'
    r"</div>\s*",
    re.S,
)
UNUSED_LOADERS = re.compile(
    r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->"
    r'|<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>',
    re.S,
)
FOLDER = "assets/notebooks"
sheets: dict[str, str] = {}  # file name -> CSS, for every build of this process
linked: dict[str, list[str]] = {}  # page source -> its sheets' file names, in order


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    names = []
    for css in (match["css"] for match in STYLE.finditer(html)):
        name = f"{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        sheets[name] = css
        names.append(name)
    linked[page.file.src_uri] = names
    return CELL_TOOLBAR.sub("", UNUSED_LOADERS.sub("", STYLE.sub("", html)))


def on_post_page(output: str, page: Any, config: Any) -> str:
    names = linked.get(page.file.src_uri)
    if not names:
        return output
    links = "".join(
        f'<link rel="stylesheet" href="{get_relative_url(f"{FOLDER}/{name}", page.url)}">'
        for name in names
    )
    return output.replace("</head>", f"{links}</head>", 1)


def on_post_build(config: Any) -> None:
    folder = Path(config.site_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, css in sheets.items():
        (folder / name).write_text(css, encoding="utf-8")
