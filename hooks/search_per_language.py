"""MkDocs hook: one search index per language, each searched only from its own pages.

mkdocs-static-i18n leaves one index holding both languages at `search/search_index.json`:
English pages found Chinese hits and every page fetched both languages. Here it becomes two
indexes: the Chinese one where it was, the English one at `en/search/search_index.json`
(its locations still relative to the site's root, as Material resolves them), each with its
own language for the search engine.
`assets/javascripts/search-per-language.js` points English pages at theirs, and lets a page
fetch its index only when the reader opens the search. Notebook chrome (the "In [3]:"
prompts, the copy button's "Copied!") is left out of the text, and so is the second copy of
each notebook cell (nbconvert's page holds a cell's code and output twice).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

OTHER_LANGUAGES = ("en",)  # built under <site>/<language>/; the default one at the root
NOTEBOOK_CHROME = re.compile(r"(?:In|Out)\xa0\[\d*\]:\s*|Copied!\s*|已复制！\s*")
PRE = re.compile(r"<pre>(.*?)</pre>", re.S)


def words(text: str) -> str:
    return " ".join(text.split())


def without_copies(text: str) -> str:
    """`text` without each <pre> block whose words appear outside the <pre> blocks too."""
    outside = words(PRE.sub(" ", text))  # the same with any of the blocks left out
    for block in PRE.finditer(text):
        if words(block[1]) and words(block[1]) in outside:
            text = text.replace(block[0], " ", 1)
    return text


def split(index: dict) -> dict[str, dict]:
    """The site's index as {"": the default language's, "en": English …}."""
    parts: dict[str, list[dict]] = {"": [], **{language: [] for language in OTHER_LANGUAGES}}
    for doc in index["docs"]:
        doc = {**doc, "text": without_copies(NOTEBOOK_CHROME.sub("", doc.get("text", "")))}
        language = next(
            (lang for lang in OTHER_LANGUAGES if doc["location"].startswith(f"{lang}/")), ""
        )
        parts[language].append(doc)
    default = [lang for lang in index["config"]["lang"] if lang not in OTHER_LANGUAGES]
    return {
        language: {
            "config": {**index["config"], "lang": [language] if language else default},
            "docs": docs,
        }
        for language, docs in parts.items()
    }


@event_priority(-300)  # after mkdocs-static-i18n (-100) has written the merged index
def on_post_build(config: Any) -> None:
    site = Path(config.site_dir)
    merged = site / "search" / "search_index.json"
    if not merged.is_file():
        return
    for language, index in split(json.loads(merged.read_text(encoding="utf-8"))).items():
        target = site / language / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")
