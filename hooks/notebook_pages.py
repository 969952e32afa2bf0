"""MkDocs hook: give notebook pages what Markdown pages have: common anchors, a description.

nbconvert makes heading ids with an ASCII-only slugify, so Chinese notebook headings get an
empty id, and its ids differ from the table of contents that mkdocs-jupyter builds. Here both
languages' headings take the anchors of the English twin's headings, in document order, in the
page and in its table of contents; and `metadata.description` of the notebook becomes the
page's description, as `description:` front matter does for a Markdown page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pymdownx.slugs import slugify

HEADING = re.compile(
    r'<h(?P<level>[1-6]) id="[^"]*">(?P<text>.*?)'
    r'<a class="anchor-link" href="#[^"]*">¶</a></h(?P=level)>',
    re.S,
)
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
slug = slugify(case="lower")


def notebook_headings(path: Path) -> list[str]:
    """The Markdown headings of a notebook's cells, in order."""
    headings = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        in_fence = False
        for line in "".join(cell["source"]).splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            elif not in_fence and (match := MARKDOWN_HEADING.match(line)):
                headings.append(match[1])
    return headings


def anchors_for(path: Path, count: int) -> list[str]:
    """Readable, unique anchors for a notebook's `count` headings, from its English twin."""
    twin = path.with_name(re.sub(r"\.[a-z]{2}\.ipynb$", ".en.ipynb", path.name))
    source = twin if twin.is_file() else path
    anchors = [slug(re.sub(r"[`*_]", "", text), "-") for text in notebook_headings(source)]
    if len(anchors) != count:
        anchors = []
    anchors += [""] * (count - len(anchors))
    unique: list[str] = []
    for number, anchor in enumerate(anchors, 1):
        anchor = anchor or f"section-{number}"
        while anchor in unique:
            anchor += "-1"
        unique.append(anchor)
    return unique


def on_page_content(content: str, page: Any, config: Any, files: Any) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return content
    path = Path(getattr(page.file, "notebook", page.file.abs_src_path))  # the one under docs/
    description = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("description")
    if description:
        page.meta["description"] = description

    headings = list(HEADING.finditer(content))
    anchors = anchors_for(path, len(headings))
    pending = iter(anchors)

    def with_anchor(heading: re.Match[str]) -> str:
        anchor = next(pending)
        return (
            f'<h{heading["level"]} id="{anchor}">{heading["text"]}'
            f'<a class="anchor-link" href="#{anchor}">¶</a></h{heading["level"]}>'
        )

    # The table of contents lists the same headings in the same order (it may leave out the
    # title): each entry takes the anchor of the next heading of its level.
    levels = [int(heading["level"]) for heading in headings]
    position = 0

    def retarget(items: Any) -> None:
        nonlocal position
        for item in items:
            while position < len(levels) and levels[position] != item.level:
                position += 1
            if position < len(levels):
                item.id = anchors[position]
                position += 1
            retarget(item.children)

    retarget(page.toc)
    return HEADING.sub(with_anchor, content)
