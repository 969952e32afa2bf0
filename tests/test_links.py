"""The built site as files: links and anchors, third-party resources, sitemap, descriptions.

Read from the HTML MkDocs wrote, as a browser resolves it: each page at its address under the
path of `site_url` (where GitHub Pages serves it), relative links resolved against that.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import mkdocs_config, site_path
from test_site import LANGUAGES, built_page, source_pages

# A site served elsewhere would lose these: they are fetched while the page loads.
RESOURCE_TAGS = {"script", "img", "iframe", "source", "audio", "video", "embed", "track"}
RESOURCE_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}
NOT_ADDRESSES = ("mailto:", "tel:", "javascript:", "data:")
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, "link" | "resource")
    description: str | None = None


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.page.ids.add(attributes[name])
        if tag == "a" and "href" in attributes:
            self.page.links.append((attributes["href"], "link"))
        elif tag == "link" and "href" in attributes:
            rels = set(attributes.get("rel", "").lower().split())
            kind = "resource" if rels & RESOURCE_RELS else "link"
            self.page.links.append((attributes["href"], kind))
        elif tag in RESOURCE_TAGS and attributes.get("src"):
            self.page.links.append((attributes["src"], "resource"))
        elif tag == "meta" and attributes.get("name") == "description":
            self.page.description = attributes.get("content")


@cache
def parse(path: Path) -> ParsedPage:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def page_address(site: Path, html_file: Path) -> str:
    """The absolute path a browser has for the page: "/python-concurrency/en/threads/"."""
    relative = html_file.relative_to(site).as_posix()
    return site_path() + relative.removesuffix("index.html")


def target_file(site: Path, path: str) -> Path | None:
    """The file the server answers `path` with, if any (a directory serves its index.html)."""
    local = site / unquote(path).removeprefix(site_path())
    if local.is_dir():
        local = local / "index.html"
    return local if local.is_file() else None


def problems_in(site: Path, html_file: Path) -> list[str]:
    site_host = urlsplit(site_url()).netloc
    here = page_address(site, html_file)
    problems = []
    for href, kind in parse(html_file).links:
        if href.startswith(NOT_ADDRESSES) or href in ("", "#"):
            continue
        url = urlsplit(urljoin(f"https://{site_host}{here}", href))
        if url.netloc != site_host:
            if kind == "resource":
                problems.append(f"loads {href} from another host")
            continue  # a link to another site is the reader's choice to follow
        if not url.path.startswith(site_path()):
            problems.append(f"{href} leaves the site (served under {site_path()})")
            continue
        target = target_file(site, url.path)
        anchor = unquote(url.fragment)
        if target is None:
            problems.append(f"{href}: no such file")
        elif anchor and target.suffix == ".html" and anchor not in parse(target).ids:
            problems.append(f"{href}: no anchor #{anchor} there")
    where = html_file.relative_to(site).as_posix()
    return [f"{where}: {problem}" for problem in dict.fromkeys(problems)]


def site_url() -> str:
    return mkdocs_config()["site_url"]


def site_descriptions() -> dict[str, str]:
    """Each language's `site_description`: what a page without a description of its own gets."""
    config = mkdocs_config()
    return {
        language.locale: language.site_description or config["site_description"]
        for language in config.plugins["i18n"].config.languages
    }


def test_every_link_and_anchor_resolves_and_nothing_loads_from_elsewhere(site: Path) -> None:
    html_files = sorted(site.rglob("*.html"))
    assert site / "404.html" in html_files
    problems = [problem for html_file in html_files for problem in problems_in(site, html_file)]
    assert not problems, "\n".join(problems)


def test_sitemap_lists_every_page_with_its_language_alternates(site: Path) -> None:
    root = ET.parse(site / "sitemap.xml").getroot()
    alternates = {
        entry.findtext("s:loc", namespaces=SITEMAP): {
            link.get("hreflang"): link.get("href")
            for link in entry.findall("x:link[@rel='alternate']", SITEMAP)
        }
        for entry in root.findall("s:url", SITEMAP)
    }
    for stem, _ in source_pages():
        addresses = {
            language: site_url() + built_page(Path(), stem, language).as_posix()
            for language in LANGUAGES
        }
        addresses = {lang: re.sub(r"(^|/)index\.html$", r"\1", a) for lang, a in addresses.items()}
        for language in LANGUAGES:
            assert alternates.get(addresses[language]) == addresses, (stem, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_description_of_its_own(site: Path, language: str) -> None:
    """`description:` in each page's front matter: what search engines and link previews show."""
    generic = {None, "", site_descriptions()[language]}
    lacking = [
        f"{stem}.{language}.{ext}"
        for stem, ext in source_pages()
        if parse(built_page(site, stem, language)).description in generic
    ]
    assert not lacking, "pages without a `description:` of their own:\n" + "\n".join(lacking)
