"""MkDocs hook: every string of the interface in the page's language, where a tool hard-codes one.

- mkdocs-jupyter's copy button on notebook code cells says "Copy to Clipboard" and "Copied!"
  whatever the page's language;
- the 404 page is written by the language built last, so its <html lang> is "en"; it speaks
  both languages, each marked with its own `lang`, in a Chinese-default site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from snippet_runner.pages import language_of

NOTEBOOK_COPY = {
    "zh": {
        'aria-label="Copy to Clipboard"': 'aria-label="复制到剪贴板"',
        # (nbconvert writes the template's `hidden` as `hidden=""`)
        'hidden="">Copied!</span>': 'hidden="">已复制！</span>',
    },
}
DEFAULT_LANGUAGE = "zh"


def on_post_page(output: str, page: Any, config: Any) -> str:
    for english, translated in NOTEBOOK_COPY.get(language_of(page, config), {}).items():
        output = output.replace(english, translated)
    return output


@event_priority(-300)  # after mkdocs-static-i18n (-100) has written the last language's 404
def on_post_build(config: Any) -> None:
    page = Path(config.site_dir) / "404.html"
    if page.is_file():
        html = page.read_text(encoding="utf-8")
        fixed = html.replace('<html lang="en"', f'<html lang="{DEFAULT_LANGUAGE}"', 1)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")
