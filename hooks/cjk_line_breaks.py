"""MkDocs hook: join prose lines broken between two CJK characters, so no space appears there.

A line break inside a paragraph renders as a space. English wants that space; between two
Chinese characters it shows as a gap in the sentence (browsers do not drop it). Authors keep
wrapping Chinese prose at a readable width, and this removes those breaks before rendering.
Fenced code is left alone.
"""

from __future__ import annotations

import re
from typing import Any

CJK = r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
# A break after a CJK character, the next line's indentation, then a CJK character.
BREAK_BETWEEN_CJK = re.compile(rf"(?<={CJK})\n[ \t]*(?={CJK})")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def join_cjk_lines(markdown: str) -> str:
    parts: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        opening = FENCE.match(line)
        if fence is None and opening:
            parts.append(BREAK_BETWEEN_CJK.sub("", "".join(prose)))
            prose = []
            fence = opening[1]
            parts.append(line)
        elif fence is not None:
            parts.append(line)
            if line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = None
        else:
            prose.append(line)
    parts.append(BREAK_BETWEEN_CJK.sub("", "".join(prose)))
    return "".join(parts)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if not page.file.src_uri.endswith(".md"):
        return markdown  # a notebook: mkdocs-jupyter renders it from the file, not from this
    return join_cjk_lines(markdown)
