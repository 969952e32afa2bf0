"""What a `mkdocs serve --dirty` rebuild must render again: the pages whose own inputs changed.

MkDocs' dirty build renders a page again only when its source file is newer than the page it
wrote. A page here depends on more than its file: the snippets it includes (and the project
modules they import), what its statements say (`statements/<page>.py`), its notebook, the
pages' titles (every page's navigation shows them all) and the site's own machinery
(mkdocs.yml, the hooks, the theme's overrides, the assets). Before each dirty build, `stale`
works out a stamp of all that per page and removes the built page of every page whose stamp
changed since the last build of this process, so MkDocs renders it again; a change to the
machinery or to any title renders everything. The first build of a process renders
everything anyway (its site folder is new).

Material's search keeps the last build's index under a dirty build and replaces the entries of
the one page it expects was rendered again; with a build per language, the entries of the pages
rendered again pile up. `one_entry_per_location` keeps the newest entry of each location.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from . import cache
from .snippet import ROOT

INCLUDE = re.compile(r'^\s*-+8<-+\s+"(?P<path>[^"]+)"', re.M)
TITLE = re.compile(r"^#\s+(.+)$", re.M)
MACHINERY = ("mkdocs.yml", "hooks", "overrides", "docs/assets")
# Stamps of the last build in this process: a page's source and address -> its stamp; a
# language -> the machinery's and the titles' stamp.
stamps: dict[str, str] = {}


def _digest(*parts: bytes) -> str:
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def machinery(root: Path = ROOT) -> str:
    """A stamp of everything every page is built with (a change renders them all)."""
    parts = []
    for name in MACHINERY:
        path = root / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                parts += [str(file.relative_to(root)).encode(), file.read_bytes()]
    return _digest(*parts)


def page_stamp(source: Path, root: Path = ROOT) -> str:
    """A stamp of what one page's rendering reads besides the site's machinery."""
    text = source.read_bytes()
    parts = [text]
    for include in INCLUDE.findall(text.decode("utf-8", "replace")):
        script = root / include.split(":", 1)[0]
        if script.is_file():
            for path in [script, *cache.project_imports(script, root)]:
                parts.append(path.read_bytes())
    stem = re.sub(r"\.[a-z]{2}\.(md|ipynb)$", "", str(source.relative_to(root / "docs")))
    statements = root / "statements" / f"{stem}.py"
    if statements.is_file():
        parts.append(statements.read_bytes())
    return _digest(*parts)


def titles(docs: Path) -> str:
    """A stamp of every page's title: each page's navigation lists them all."""
    found = []
    for page in sorted(docs.rglob("*.md")):
        title = TITLE.search(page.read_text(encoding="utf-8"))
        found.append(f"{page.relative_to(docs)}:{title[1] if title else ''}".encode())
    return _digest(*found)


def stale(files: Any, language: str, root: Path = ROOT) -> list[str]:
    """Remove the built page of every page of `language`'s build whose inputs changed since the
    last dirty build of this process (all of them if the machinery or a title changed); the
    pages removed."""
    everything = _digest(machinery(root).encode(), titles(root / "docs").encode())
    renew_all = stamps.get(language) not in (None, everything)
    stamps[language] = everything
    removed = []
    for file in files.documentation_pages():
        source = Path(getattr(file, "notebook", None) or file.abs_src_path or "")
        if not source.is_file() or not source.is_relative_to(root / "docs"):
            continue
        stamp = page_stamp(source, root)
        key = f"{file.src_uri}:{file.dest_uri}"
        changed = stamps.get(key) not in (None, stamp)
        stamps[key] = stamp
        built = Path(file.abs_dest_path)
        if (renew_all or changed) and built.is_file():
            built.unlink()
            removed.append(file.src_uri)
    return removed


def one_entry_per_location(site: Path) -> None:
    """Every search index of the site (one per language) with its newest entry per location."""
    for index in site.glob("**/search/search_index.json"):
        data = json.loads(index.read_text(encoding="utf-8"))
        newest = {entry["location"]: entry for entry in data["docs"]}
        if len(newest) < len(data["docs"]):
            data["docs"] = list(newest.values())
            index.write_text(
                json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
            )
