"""MkDocs hook: the build's log says what an author should read, and little else.

Plugins report every file at INFO: mkdocs-jupyter a "Cache hit" for each notebook page the
runner executed moments ago and a "Copied jupyter file" for each download, mkdocs-static-i18n
each language's directory and each setting it overrides; jieba prints its dictionary's
loading to stderr. Those go quiet. Warnings and errors still show, and so do MkDocs' own
lines, the runner's summary, and mkdocs-jupyter's "Cache miss" (a notebook it executed
itself: the runner should have).
"""

from __future__ import annotations

import logging
from typing import Any

NOISE = {
    "mkdocs.plugins.mkdocs_jupyter": ("Cache hit", "Copied jupyter file", "Copied data files"),
    "jieba": ("",),
}
# Loggers (with their children) that say nothing below a warning an author acts on.
WARNINGS_ONLY = ("mkdocs.plugins.mkdocs_static_i18n",)


class Quiet(logging.Filter):
    def __init__(self, starts: tuple[str, ...]) -> None:
        super().__init__()
        self.starts = starts

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        return not str(record.msg).startswith(self.starts)


def on_startup(command: str, dirty: bool) -> None:
    for name, starts in NOISE.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, Quiet) for f in logger.filters):
            logger.addFilter(Quiet(starts))
    for name in WARNINGS_ONLY:
        logging.getLogger(name).setLevel(logging.WARNING)


def on_config(config: Any) -> None:
    on_startup("", False)
