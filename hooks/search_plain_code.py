"""MkDocs hook: the search plugin reads code blocks without their highlighting markup.

Material's search parses every page's HTML tag by tag, and Pygments wraps each token of a
highlighted block in a `<span>` (and each line in an anchor): the code blocks made most of
the tags it parsed, and most of a rebuild's indexing time. The text it indexes is the same
without them. Only the search plugin sees the plain version; the page keeps its highlighting.
Notebook pages are left as they are.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import CombinedEvent, event_priority

PRE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S)
MARKUP = re.compile(
    r"</?span\b[^>]*>"  # Pygments' tokens and line spans
    r'|<a id="__codelineno-[^"]*"[^>]*></a>'  # line anchors
    r'|<a href="#__codelineno-[^"]*"[^>]*>[^<]*</a>'  # line numbers linking to them
)
highlighted: dict[int, str] = {}  # id(page) -> its content, while the search plugin reads


def plain_code(html: str) -> str:
    """`html` with the markup inside its <pre> blocks reduced to the text."""
    return PRE.sub(lambda block: MARKUP.sub("", block[0]), html)


@event_priority(10)  # before the search plugin's on_page_context
def _show_plain_code(context: Any, page: Any, config: Any, nav: Any) -> Any:
    if page.file.src_uri.endswith(".md") and page.content:
        highlighted[id(page)] = page.content
        page.content = plain_code(page.content)
    return context


@event_priority(-10)  # after the search plugin, before the page is rendered with its content
def _restore_highlighting(context: Any, page: Any, config: Any, nav: Any) -> Any:
    if id(page) in highlighted:
        page.content = highlighted.pop(id(page))
    return context


on_page_context = CombinedEvent(_show_plain_code, _restore_highlighting)
