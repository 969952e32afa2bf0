"""MkDocs hook: run every executed ```python block as a real script (the `snippet_runner`).

The runner itself is the package beside this file; here is only what each MkDocs event asks
of it. Its settings are `extra.snippet_runner` in mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from snippet_runner import fences, render
from snippet_runner.build import log, state
from snippet_runner.render import MISSING_MARK


def on_config(config: Any) -> None:
    render.install()
    state.limits = fences.defaults(config.extra)
    settings = config.extra.get("snippet_runner") or {}
    state.workers = int(settings.get("workers", state.workers))
    state.use_interpreters([str(name) for name in settings.get("interpreters") or []])


@event_priority(20)  # before notebooks_ahead starts the notebooks: measurements run first
def on_pre_build(config: Any) -> None:
    state.begin(Path(config.docs_dir))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Note the page being rendered, and turn an include of a missing file into a warning.

    pymdownx.snippets would raise, aborting the build with a traceback; a warning names the
    page and the path, fails a strict build, and lets `mkdocs serve` go on showing the rest.
    """
    state.page = page.file.src_uri
    state.page_url = page.url
    state.language = getattr(page.file, "locale", None) or config.theme.get("language", "zh")
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        match = fences.INCLUDE_LINE.match(line)
        if not match:
            continue
        target = match["path"].split(":", 1)[0]
        if not (Path(config.config_file_path).parent / target).is_file():
            log.warning("page %s, snippet %s: file not found", state.page, target)
            state.failed.add(target)
            lines[number] = f"{match['indent']}{MISSING_MARK}{target}"
    return "\n".join(lines)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
def on_post_build(config: Any) -> None:
    state.end(Path(config.site_dir))


def on_build_error(error: Exception) -> None:
    state.abort()
