"""The page being built, as the hooks see it: its source, its address, its language, derived once.

mkdocs-static-i18n gives every page's file its `locale` (the runner's notebook pages carry one
too); a site without it has one language, the theme's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def language_of(page: Any, config: Any) -> str:
    """The language `page` is written in ("zh", "en")."""
    return getattr(page.file, "locale", None) or config.theme.get("language") or "en"


@dataclass(frozen=True)
class PageContext:
    """The page being rendered: its source file, its address, its language."""

    source: str = "?"
    url: str = ""
    language: str = "en"
    # Snippets whose sentences were left out for runs this build did not have (`sentences`).
    hidden: Mapping[str, set[str]] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        """The page without its language: "processes/join" for processes/join.zh.md."""
        return re.sub(r"(\.[a-z]{2})?\.(md|ipynb)$", "", self.source)

    @classmethod
    def of(cls, page: Any, config: Any) -> PageContext:
        return cls(page.file.src_uri, page.url, language_of(page, config))
