"""MkDocs hook: the search plugin parses a lighter copy of each page, which it indexes the same.

Material's search parses every page's HTML tag by tag, in Python, at every build. Two kinds of
markup make most of the tags and none of the text it indexes:
- Pygments wraps each token of a highlighted block in a `<span>` (and each line in an anchor);
  the copy has the code's text without them.
- A run's timeline (`snippet_runner.drawing`) is an SVG of hundreds of elements in a figure
  marked `data-search-exclude`, whose every tag the search plugin parses only to drop its text;
  the copy leaves the figure out.
Only the search plugin sees the copy; the page keeps its highlighting and its timelines.
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
# A run's timeline, which the search plugin is told to leave out (it holds no other figure).
TIMELINE = re.compile(r'<figure class="snippet-timeline" data-search-exclude="">.*?</figure>', re.S)
highlighted: dict[int, str] = {}  # id(page) -> its content, while the search plugin reads


def search_copy(html: str) -> str:
    """`html` with the markup inside its <pre> blocks reduced to the text, and no timelines."""
    return TIMELINE.sub("", PRE.sub(lambda block: MARKUP.sub("", block[0]), html))


@event_priority(10)  # before the search plugin's on_page_context
def _show_the_copy(context: Any, page: Any, config: Any, nav: Any) -> Any:
    if page.file.src_uri.endswith(".md") and page.content:
        highlighted[id(page)] = page.content
        page.content = search_copy(page.content)
    return context


@event_priority(-10)  # after the search plugin, before the page is rendered with its content
def _restore_highlighting(context: Any, page: Any, config: Any, nav: Any) -> Any:
    if id(page) in highlighted:
        page.content = highlighted.pop(id(page))
    return context


on_page_context = CombinedEvent(_show_the_copy, _restore_highlighting)
