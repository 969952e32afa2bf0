"""MkDocs hook: no line break of the source shows as a space between Chinese characters.

A line break inside a paragraph renders as a space. English wants that space; between two
Chinese characters it shows as a gap in the sentence (browsers do not drop it). Authors wrap
Chinese prose at a readable width, and the breaks are removed from the rendered page: every
break whose nearest visible characters on both sides are Chinese (CJK characters and their
punctuation, dashes and quotation marks), whatever markup stands between them (a link, bold
text, inline code's tag). Code blocks (<pre>) are left alone, and so are English pages.
"""

from __future__ import annotations

import re
from typing import Any

from snippet_runner.pages import language_of

CJK = (
    r"[\u2014\u2018-\u201f\u2026"  # dashes, quotation marks, ellipsis as Chinese text uses them
    r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
)
TAGS = r"(?:</?[a-zA-Z][^<>]*>)*"
# A CJK character, tags, a line break with the spaces around it, tags, a CJK character.
BREAK_BETWEEN_CJK = re.compile(rf"(?<={CJK})({TAGS})[ \t]*\n[ \t]*({TAGS})(?={CJK})")
PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)


def join_cjk_lines(html: str) -> str:
    """`html` with the line breaks between Chinese characters removed, outside <pre>."""
    parts = PRE.split(html)
    for index in range(0, len(parts), 2):  # the even parts are outside <pre>
        parts[index] = BREAK_BETWEEN_CJK.sub(r"\1\2", parts[index])
    return "".join(parts)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if language_of(page, config) != "zh" or not page.file.src_uri.endswith(".md"):
        return html  # a notebook: mkdocs-jupyter renders it from the file, not from this
    return join_cjk_lines(html)
