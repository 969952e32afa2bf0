"""MkDocs hook: highlight each code block once per process, not once per language and rebuild.

The same snippet is highlighted for the Chinese and the English page, and again at every
`mkdocs serve` rebuild; Pygments was the largest cost left in a rebuild. pymdownx.highlight's
`Highlight.highlight` returns HTML that depends only on its arguments and its settings, so its
results are kept, keyed by both, for the life of the process (bounded). A block with a title
is left alone: an HTML title is stashed in the page's Markdown instance, a side effect.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from pymdownx.highlight import Highlight

KEEP = 4096  # results; a site's worth many times over
results: OrderedDict[str, str] = OrderedDict()
_highlight = Highlight.highlight


def _memo_highlight(self: Highlight, src: str, language: str, *args: Any, **kwargs: Any) -> str:
    if kwargs.get("title") or self.auto_title:
        return _highlight(self, src, language, *args, **kwargs)
    settings = sorted((name, value) for name, value in vars(self).items() if name != "md")
    key = repr((settings, src, language, args, sorted(kwargs.items())))
    if key in results:
        results.move_to_end(key)
        return results[key]
    html = results[key] = _highlight(self, src, language, *args, **kwargs)
    if len(results) > KEEP:
        results.popitem(last=False)
    return html


def on_config(config: Any) -> None:
    Highlight.highlight = _memo_highlight  # type: ignore[method-assign]
