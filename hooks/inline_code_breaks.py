"""MkDocs hook: long inline code may wrap after a `.`, `(`, `,` or `_` inside it, never mid-word.

An identifier such as `loop.set_task_factory(asyncio.eager_task_factory)` is wider than a
phone's column, and CSS can only let it break anywhere (`overflow-wrap: anywhere`), mid-word
too. A `<wbr>` after each of these characters where one part of a name ends and the next begins
lets the browser wrap the line there, and only there. Short code gets none: it fits any phone's
line whole, and moves to the next line as one piece rather than being split where a line ends.
Code blocks (<pre>) are left alone; what a reader copies and what search indexes is the same
text (`<wbr>` is no character). Markdown pages and notebooks alike.
"""

from __future__ import annotations

import html
import re
from typing import Any

# Inline code, and what must be left alone around it: code blocks and scripts.
INLINE_CODE = re.compile(
    r"<pre\b.*?</pre>|<script\b.*?</script>|(?P<open><code\b[^>]*>)(?P<inner>.*?)</code>", re.S
)
TAG = re.compile(r"(<[^>]*>)")
# The longest inline code that fits whole in the narrowest column of running text on a common
# phone (a list in a list at 360 px: about 290 px, 34 columns of the widest monospace font).
FITS_ANY_PHONE = 30
# After `.`, `(`, `,` or `_` that follows a name, a closing bracket or a quote, and precedes the
# start of another part; so never inside `__init__`, `...`, `0.25`, or before `)` or a space.
BREAK = re.compile(r"(?<=(?:[^\W_]|[)\]\"'])[.(,_])(?=[A-Za-z\[\"'&]|(?<![0-9].)[0-9])")


def with_breaks(inner: str) -> str:
    """The HTML inside one inline `<code>`, with a `<wbr>` at each place it may wrap."""
    parts = TAG.split(inner)  # text, tag, text, …: a highlighted span's tokens are tags
    text = "".join(parts[0::2])
    if len(html.unescape(text)) <= FITS_ANY_PHONE:
        return inner
    breaks = {match.start() for match in BREAK.finditer(text)}
    if not breaks:
        return inner
    offset = 0
    for index in range(0, len(parts), 2):
        part = parts[index]
        # A break at the end of a text goes there, before the tag that follows.
        cuts = sorted(at - offset for at in breaks if offset < at <= offset + len(part))
        offset += len(part)
        for cut in reversed(cuts):
            part = f"{part[:cut]}<wbr>{part[cut:]}"
        parts[index] = part
    return "".join(parts)


def add_breaks(html: str) -> str:
    """`html` with break opportunities in its inline code."""

    def replace(match: re.Match[str]) -> str:
        if match["open"] is None:
            return match[0]
        return f"{match['open']}{with_breaks(match['inner'])}</code>"

    return INLINE_CODE.sub(replace, html)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return add_breaks(html)
