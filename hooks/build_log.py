"""MkDocs hook: the build's log says what an author should read, and little else.

Plugins report every file at INFO: mkdocs-jupyter's converter each notebook it converts,
mkdocs-static-i18n each language's directory and each setting it overrides; jieba prints its
dictionary's loading to stderr. Those go quiet.
Warnings and errors still show, and so do MkDocs' own lines and the runner's summary.
"""

from __future__ import annotations

import logging
from typing import Any

NOISE = {
    "mkdocs.mkdocs-jupyter": ("Converting notebook",),
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
