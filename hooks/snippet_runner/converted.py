"""A block's HTML kept on disk, keyed by all Markdown made it from: converted once, then read.

Turning a block's source and output into HTML (Pygments' highlighting, the nested fences and
tabs) is most of what a warm build spent on a page with runs, and it comes out the same each
build. Its inputs are all in the key: the Markdown given to markdown-exec (the shown source, the
output part the runner wrote, in the page's language), the block's options (its tabs' labels,
its id prefix), the site's Markdown extensions and their settings, and the versions of the
packages that convert (markdown-exec converts with the settings its plugin saved from the same
configuration). What the key cannot cover is never kept (`keeps`): HTML with headings
(markdown-exec hands them to the page's table of contents as a side effect of converting), an
output that includes files (`--8<--`) or holds executed blocks of its own, and raw HTML output
(markdown-exec numbers its ids across the whole build).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Mapping
from importlib import metadata
from typing import Any

from markupsafe import Markup

from . import cache
from .snippet import ROOT

log = logging.getLogger("mkdocs.plugins.snippet_runner")

RENDERED_DIR = ROOT / ".cache" / "rendered"
CONVERTING_PACKAGES = ("markdown", "pymdown-extensions", "pygments", "markdown-exec")
HEADING = re.compile(r"<h[1-6][\s>]")
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _versions() -> str:
    found = []
    for name in CONVERTING_PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return ", ".join(found)


VERSIONS = _versions()


def _stable(value: Any) -> str:
    """A setting as text that is the same in every process: a function by its name, an object
    without its address."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '?')}.{value.__qualname__}"
    return ADDRESS.sub("", repr(value))


def converted_by(extensions: list[Any], settings: Mapping[str, Any]) -> str:
    """What converts a site's blocks: its Markdown extensions, their settings, the packages."""
    described = json.dumps(
        [VERSIONS, [_stable(e) if not isinstance(e, str) else e for e in extensions], settings],
        default=_stable,
        sort_keys=True,
    )
    return hashlib.sha256(described.encode()).hexdigest()[:16]


def key_of(converter: str, code: str, options: Mapping[str, Any], output: str) -> str:
    """The key of a block's HTML: its code, its options, the output part, what converts it."""
    digest = hashlib.sha256()
    for part in (converter, code, json.dumps(options, default=_stable, sort_keys=True), output):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:32]


def keeps(options: Mapping[str, Any], output: str) -> bool:
    """Whether a block's HTML can be kept: all it is made from is in its key."""
    nested = "--8<--" in output or re.search(r"exec\s*=", output)
    return not options.get("html") and not nested


def html_of(key: str, convert: Callable[[], str], keep: bool = True) -> Markup:
    """The block's HTML: kept from an earlier build, or converted now (and kept if `keep`)."""
    path = RENDERED_DIR / f"{key}.html"
    if keep:
        try:
            return Markup(path.read_text(encoding="utf-8"))  # HTML this module wrote
        except OSError:
            pass
    made = Markup(convert())  # markdown-exec's HTML
    if keep and not HEADING.search(made):
        try:
            cache.write(path, str(made))
        except OSError as error:  # a full disk or a read-only tree: the page is still right
            log.debug("not kept: %s: %s", path, error)
    return made
