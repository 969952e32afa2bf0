"""A page's conversion kept on disk, keyed by everything it read: an unchanged page is read back.

Turning a page's Markdown into HTML (its text, its includes, its executed blocks) was the
largest part of a warm build and of a `mkdocs serve` rebuild, and it comes out the same while
nothing it reads changes. The key (`Key`) covers what the conversion reads: the page's Markdown
as the plugins before the runner left it, the files it includes, the stored result of every run
its blocks show, the statements the pages make about runs, the runner's own code, the site's
Markdown extensions and their settings and the versions of the packages that convert, the
page's address and language, where the site's files are (its links' targets) and the link
checks. A conversion leaves more than HTML, and all of it is kept beside it: the table of
contents, the title, the anchors the page has and the links it makes to other pages' anchors
(MkDocs checks them when every page is done), and the runs whose trace files its timelines link
to. What cannot be vouched for is never kept: a page whose conversion warned (its warnings come
back every build), a page with an include this module cannot read, a block whose run has no
stored result.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import get_toc

from . import cache, converted

log = logging.getLogger("mkdocs.plugins.snippet_runner")

PAGES_DIR = cache.ROOT / ".cache" / "pages"
FORMAT = "1"  # what an entry holds: a change to it makes every entry a stranger
# The runner's code draws the blocks' outputs and timelines, so it is part of every page's key.
RUNNER_CODE = cache.digest_of(*sorted(Path(__file__).parent.rglob("*.py")))
MKDOCS = f"mkdocs {metadata.version('mkdocs')}"


class Key:
    """What a page's conversion read, fed in part by part; `digest` names its entry."""

    def __init__(self, *parts: str) -> None:
        self._hash = hashlib.sha256()
        self.add(FORMAT, RUNNER_CODE, MKDOCS, converted.VERSIONS, *parts)

    def add(self, *parts: str | bytes) -> None:
        for part in parts:
            self._hash.update(part.encode() if isinstance(part, str) else part)
            self._hash.update(b"\0")

    @property
    def digest(self) -> str:
        return self._hash.hexdigest()[:32]


def files_digest(files: Any, config: Any) -> str:
    """Where every file of this build goes, and how links are checked: what a page's links
    resolve against."""
    where = sorted((f.src_uri, f.dest_uri, f.url) for f in files)
    described = [where, config.use_directory_urls, dict(config.validation)]
    return hashlib.sha256(json.dumps(described, default=str).encode()).hexdigest()[:16]


@dataclass
class Converted:
    """What converting a page left: its HTML and what MkDocs and the runner keep of it."""

    content: str
    title: str | None
    toc: list[dict[str, Any]]
    anchors: list[str] | None  # None: a page MkDocs knows no anchors of (a notebook's)
    # Links to other pages' anchors, by the linked page's source (None: not collected).
    links: dict[str, dict[str, str]] | None
    traces: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    @classmethod
    def of(cls, page: Any, html: str, traces: list[tuple[str, dict[str, str]]]) -> Converted:
        """What converting `page` to `html` left, its timelines linking to `traces`."""
        links = page.links_to_anchors
        return cls(
            content=html,
            title=page.title,
            toc=[token(anchor) for anchor in page.toc],
            anchors=sorted(page.present_anchor_ids or ()),
            links=None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
            traces=traces,
        )

    def restore(self, page: Any, files: Any) -> str:
        """Give `page` what its conversion would have; its HTML."""
        if self.title is not None:  # else MkDocs' own choice stands (the file's name)
            page.title = self.title  # MkDocs' `weak_property`: a value set wins
        page.toc = get_toc(self.toc)
        page.present_anchor_ids = None if self.anchors is None else set(self.anchors)
        if self.links is not None:
            page.links_to_anchors = {
                target: links
                for uri, links in self.links.items()
                if (target := files.get_file_from_path(uri)) is not None
            }
        return self.content


def token(anchor: Any) -> dict[str, Any]:
    """An entry of a table of contents as the token MkDocs makes it from (`get_toc`)."""
    return {
        "level": anchor.level,
        "id": anchor.id,
        "name": anchor.title,
        "children": [token(child) for child in anchor.children],
    }


def load(key: str) -> Converted | None:
    try:
        kept = json.loads((PAGES_DIR / f"{key}.json").read_text(encoding="utf-8"))
        kept["traces"] = [tuple(trace) for trace in kept["traces"]]
        return Converted(**kept)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store(key: str, page: Converted) -> None:
    try:
        cache.write(PAGES_DIR / f"{key}.json", json.dumps(asdict(page), ensure_ascii=False))
    except OSError as error:  # a full disk or a read-only tree: the page is still right
        log.debug("not kept: page %s: %s", key, error)


class WarningCount(logging.Handler):
    """How many warnings MkDocs and its plugins have logged: a page that warned is not kept."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
