"""docs/glossary: the bilingual glossary, its entries, and the pages that link their terms to it.

Read from the Markdown sources, so that a broken glossary link fails here by name; the built site
is checked once for the anchors a browser lands on.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import ROOT, mkdocs_config
from test_site import built_page

DOCS = ROOT / "docs"
LANGUAGES = ("zh", "en")
GLOSSARY = "glossary"
HEADING = re.compile(r"^(?P<level>#{2,3}) (?P<title>.+?) \{ #(?P<anchor>[a-z0-9-]+) \}$", re.M)
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
GLOSSARY_LINK = re.compile(
    r"\[(?P<text>[^\]]*)\]\((?P<path>(?:\.\./)*glossary\.md)#(?P<anchor>[^)\s]*)\)"
)
HOME = "index"  # the home page is not asked to link the glossary (nor are the notebook labs)
MOST_LINKS_PER_PAGE = 6  # a page links the terms its reader most likely does not know, not all
CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def source(stem: str, language: str) -> str:
    return (DOCS / f"{stem}.{language}.md").read_text(encoding="utf-8")


def pages() -> list[str]:
    """Every Markdown page but the glossary itself, by stem ("threads/locks")."""
    stems = {
        path.relative_to(DOCS).as_posix().removesuffix(f".{language}.md")
        for language in LANGUAGES
        for path in DOCS.rglob(f"*.{language}.md")
    }
    return sorted(stems - {GLOSSARY})


def blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", "\0", match[0])


def prose(text: str) -> str:
    """The running prose of a page, everything else blanked in place (offsets are kept): front
    matter, code blocks and spans, headings, admonition titles, tables, links, markup."""
    for pattern in (
        r"\A---\n.*?\n---\n",
        r"(?m)^([ \t]*)(```|~~~).*?\n(?:.*\n)*?\1\2[ \t]*$",
        r"(?m)^[ \t]*(#{1,6} |!!!|\?\?\?|\||--8<--).*$",
        r"`[^`\n]+(?:\n[^`\n]+)?`",
        LINK.pattern,
        r"<[^>\n]+>|\{[^}\n]*\}|https?://\S+",
    ):
        text = re.sub(pattern, blank, text, flags=re.S if pattern.startswith(r"\A") else 0)
    return text


@cache
def entries(language: str) -> list[tuple[str, str, str]]:
    """(anchor, title, body) of each glossary entry (a ### heading), in page order."""
    text = source(GLOSSARY, language)
    headings = [m for m in HEADING.finditer(text) if m["level"] == "###"]
    found = []
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        body = text[heading.end() : following.start() if following else len(text)]
        found.append((heading["anchor"], heading["title"], body.split("\n## ", 1)[0]))
    return found


def terms(language: str) -> dict[str, list[str]]:
    """The words each entry's heading names, by anchor: "锁（lock）" gives 锁 and lock."""
    named = {}
    for anchor, title, _ in entries(language):
        parts = re.split(r"[（）()、,，与]| and ", title.replace("`", ""))
        named[anchor] = [p.strip() for p in parts if CJK.search(p) or len(p.strip()) > 1]
    return named


def find(text: str, word: str) -> re.Match[str] | None:
    """`word` in `text`: as it is in Chinese, as a whole word in English."""
    if CJK.search(word):
        return re.search(re.escape(word), text)
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I)


@cache
def anchors_of(stem: str, language: str) -> set[str]:
    return set(re.findall(r"\{ #([a-z0-9-]+) \}", source(stem, language)))


def glossary_links(stem: str, language: str) -> list[re.Match[str]]:
    return list(GLOSSARY_LINK.finditer(source(stem, language)))


def test_both_languages_have_the_same_sections_and_entries_in_the_same_order() -> None:
    zh, en = ([m["anchor"] for m in HEADING.finditer(source(GLOSSARY, lang))] for lang in LANGUAGES)
    assert zh == en
    assert len(set(zh)) == len(zh), "an anchor is used twice"
    assert 35 <= len(entries("zh")) == len(entries("en")) <= 60


def test_each_entry_gives_its_term_in_the_other_language() -> None:
    for (anchor, zh_title, _), (_, en_title, en_body) in zip(
        entries("zh"), entries("en"), strict=True
    ):
        # The Chinese heading ends with the English term in brackets, or is the English word…
        assert re.search(r"（[^）]*[A-Za-z][^）]*）$", zh_title) or not CJK.search(zh_title), anchor
        # …the English entry opens with the Chinese term, marked as Chinese, and keeps it out of
        # its heading (the English search index has no Chinese in its titles).
        assert not CJK.search(en_title), anchor
        assert en_body.lstrip().startswith('Chinese: <span lang="zh">'), anchor


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_links_a_page_that_teaches_it(language: str) -> None:
    for anchor, _, body in entries(language):
        targets = [m["target"] for m in LINK.finditer(body) if not m["target"].startswith("#")]
        assert targets, f"{anchor} links no page"
        for target in targets:
            path, _, fragment = target.partition("#")
            assert path.endswith(".md") and "://" not in path and not path.startswith("/"), target
            stem = path.removesuffix(".md")
            assert (DOCS / f"{stem}.{language}.md").is_file(), (anchor, target)
            assert not fragment or fragment in anchors_of(stem, language), (anchor, target)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_index_lists_every_entry_once(language: str) -> None:
    index = source(GLOSSARY, language).split("\n## ", 1)[0]
    listed = re.findall(r"\]\(#([a-z0-9-]+)\)", index)
    assert sorted(listed) == sorted(anchor for anchor, _, _ in entries(language))


def test_every_glossary_link_on_every_page_lands_on_an_entry() -> None:
    known = {anchor for anchor, _, _ in entries("zh")}
    for stem in pages():
        for language in LANGUAGES:
            for link in glossary_links(stem, language):
                assert link["path"] == "../" * stem.count("/") + "glossary.md", (stem, link[0])
                assert link["anchor"] in known, (stem, language, link[0])


def test_pages_link_few_terms_once_each_and_the_same_in_both_languages() -> None:
    for stem in pages():
        linked = {lang: [m["anchor"] for m in glossary_links(stem, lang)] for lang in LANGUAGES}
        for language, anchors in linked.items():
            assert len(anchors) == len(set(anchors)), (stem, language, "a term linked twice")
            assert len(anchors) <= MOST_LINKS_PER_PAGE, (stem, language, anchors)
        assert set(linked["zh"]) == set(linked["en"]), stem


def test_each_link_is_on_the_first_use_of_its_word_in_running_prose() -> None:
    """No plain use of the linked word comes before the link (in headings, code, tables or other
    links it may), and the link itself sits in running prose."""
    for stem in pages():
        for language in LANGUAGES:
            text = source(stem, language)
            for link in glossary_links(stem, language):
                word = re.sub(r"[*_]", "", link["text"])
                before = prose(text[: link.start()])
                assert not find(before, word), (stem, language, word)
                line = text[text.rfind("\n", 0, link.start()) + 1 : link.start()]
                assert not re.match(r"[ \t]*(#|!!!|\?\?\?|\|)", line), (stem, language, word)


def test_every_page_that_uses_a_term_links_the_glossary() -> None:
    """Computed from the glossary's own headings: a page whose running prose names any of its
    terms links at least one entry (the home page and the notebook labs are not asked to)."""
    unlinked = []
    for stem in pages():
        if stem == HOME:
            continue
        for language in LANGUAGES:
            text = prose(source(stem, language))
            used = [w for words in terms(language).values() for w in words if find(text, w)]
            if used and not glossary_links(stem, language):
                unlinked.append(f"{stem}.{language}.md names {used[:5]}")
    assert not unlinked, "\n".join(unlinked)


def test_the_glossary_follows_the_choosing_page_in_the_nav() -> None:
    nav = [item if isinstance(item, str) else next(iter(item)) for item in mkdocs_config()["nav"]]
    assert nav[nav.index("choosing/index.md") + 1] == "glossary.md"
    for language in LANGUAGES:
        front_matter = source(GLOSSARY, language).split("---\n", 2)[1]
        assert re.search(r"^description: \S", front_matter, re.M), language


def test_the_built_pages_land_on_entries_of_their_own_language(site: Path) -> None:
    """As a browser resolves them: each glossary link of a built page leads to the glossary in
    the page's language, at an id that page has."""
    for language in LANGUAGES:
        glossary = built_page(site, GLOSSARY, language)
        address = "/" + glossary.relative_to(site).as_posix().removesuffix("index.html")
        ids = set(re.findall(r' id="([^"]+)"', glossary.read_text(encoding="utf-8")))
        assert {anchor for anchor, _, _ in entries(language)} <= ids
        for stem in pages():
            page = built_page(site, stem, language)
            here = "/" + page.relative_to(site).as_posix().removesuffix("index.html")
            hrefs = re.findall(r'href="([^"]*glossary/#[^"]*)"', page.read_text(encoding="utf-8"))
            assert len(hrefs) == len(glossary_links(stem, language)), (stem, language)
            for href in hrefs:
                target, _, anchor = urljoin(here, href).partition("#")
                assert target == address and anchor in ids, (stem, language, href)
