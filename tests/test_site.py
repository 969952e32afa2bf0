"""The whole site: strict build, both languages, anchors, language switch, notebooks, cache."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urljoin

from conftest import ROOT, site_path
from snippet_runner.session import SUMMARY

DOCS = ROOT / "docs"
LANGUAGES = ("zh", "en")
PAGE = re.compile(r"^(?P<stem>.+)\.(?P<lang>zh|en)\.(?P<ext>md|ipynb)$")


def source_pages() -> list[tuple[str, str]]:
    """(stem, extension) of every page, e.g. ("processes/fork", "md")."""
    pages = set()
    for path in DOCS.rglob("*"):
        match = PAGE.match(path.relative_to(DOCS).as_posix())
        if match:
            pages.add((match["stem"], match["ext"]))
    return sorted(pages)


def built_page(site: Path, stem: str, language: str) -> Path:
    prefix = site if language == "zh" else site / "en"
    if stem == "index":
        return prefix / "index.html"
    if stem.endswith("/index"):
        return prefix / stem.removesuffix("index") / "index.html"
    return prefix / stem / "index.html"


def heading_ids(page_html: str) -> list[str]:
    article = page_html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return re.findall(r'<h[1-6][^>]* id="([^"]+)"', article)


TOC_LINK = re.compile(
    r'<a href="#(?P<id>[^"]+)" class="md-nav__link">\s*'
    r'<span class="md-ellipsis">(?P<text>.*?)</span>',
    re.S,
)
HEADING = re.compile(
    r'<h(?P<level>[2-6])[^>]* id="(?P<id>[^"]+)"[^>]*>(?P<html>.*?)</h(?P=level)>', re.S
)
PERMALINK = re.compile(r'<a class="(?:headerlink|anchor-link)"[^>]*>.*?</a>', re.S)


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def test_every_table_of_contents_names_each_heading_whole(site: Path) -> None:
    """A heading's entry in the page's table of contents has all its words, its code too
    (the labs' were once built from a copy of the notebook that had lost its inline code)."""
    wrong = []
    for stem, _ in source_pages():
        for language in LANGUAGES:
            page_html = built_page(site, stem, language).read_text(encoding="utf-8")
            toc = page_html.split("md-nav--secondary", 1)[-1].split("</nav>", 1)[0]
            article = page_html.split('<article class="md-content__inner', 1)[1]
            headings = {
                m["id"]: plain(PERMALINK.sub("", m["html"])) for m in HEADING.finditer(article)
            }
            for link in TOC_LINK.finditer(toc):
                if link["id"] in headings and plain(link["text"]) != headings[link["id"]]:
                    wrong.append(
                        f"{stem}.{language}: {plain(link['text'])!r} for {headings[link['id']]!r}"
                    )
    assert not wrong, "\n".join(wrong)


def test_every_page_has_both_languages_in_the_sources() -> None:
    names = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*") if PAGE.match(p.name)}
    assert names, "no pages found"
    missing = [
        f"{stem}.{lang}.{ext}"
        for stem, ext in source_pages()
        for lang in LANGUAGES
        if f"{stem}.{lang}.{ext}" not in names
    ]
    assert missing == []


def test_strict_build_succeeds_and_reports_its_snippets(builds) -> None:
    _, first, _ = builds
    summaries = SUMMARY.findall(first.stderr)
    assert len(summaries) == 1
    assert "failed" in first.stderr and ", 0 failed in" in first.stderr
    # The log says what an author acts on: no per-file chatter of the plugins (hooks/build_log).
    for chatter in ("Converting notebook", "Building prefix dict", "Overriding"):
        assert chatter not in first.stderr, chatter


def test_second_build_runs_no_snippet(builds) -> None:
    _, _, second = builds
    match = SUMMARY.search(second.stderr)
    assert match, second.stderr[-2000:]
    assert match["ran"] == "0"
    assert int(match["cached"]) > 0
    assert match["failed"] == "0"
    assert match["notebooks_ran"] == "0"  # no lab ran again either


def test_every_page_is_built_in_both_languages(site: Path) -> None:
    for stem, _ in source_pages():
        for language in LANGUAGES:
            assert built_page(site, stem, language).is_file(), (stem, language)


def test_headings_have_the_same_readable_anchors_in_both_languages(site: Path) -> None:
    for stem, ext in source_pages():
        if ext != "md":
            continue
        zh, en = (heading_ids(built_page(site, stem, lang).read_text()) for lang in LANGUAGES)
        assert zh == en, stem
        assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", anchor) for anchor in zh), (stem, zh)


def test_language_switch_lands_on_the_twin_page(site: Path) -> None:
    base = site_path()
    for stem, _ in source_pages():
        for language, other in (("zh", "en"), ("en", "zh")):
            page = built_page(site, stem, language)
            page_url = base + page.relative_to(site).as_posix().removesuffix("index.html")
            links = {
                lang: urljoin(page_url, href)
                for href, lang in re.findall(
                    r'<a href="([^"]+)" hreflang="([a-z]+)" class="md-select__link"',
                    page.read_text(),
                )
            }
            twin = built_page(site, stem, other).relative_to(site).as_posix()
            assert links[other] == base + twin.removesuffix("index.html"), (stem, language)


def test_notebooks_are_rendered_as_pages_not_raw_json(site: Path) -> None:
    notebooks = [stem for stem, ext in source_pages() if ext == "ipynb"]
    assert notebooks, "the chapter should prove notebooks render"
    for stem in notebooks:
        for language in LANGUAGES:
            page_html = built_page(site, stem, language).read_text()
            assert "jupyter-wrapper" in page_html
            assert '"cells":' not in page_html
            # executed at build time: there is at least one output area
            assert "jp-OutputArea-output" in page_html, (stem, language)
        assert not (site / f"{stem}.ipynb").with_suffix(".json").exists()


def test_notebook_pages_share_their_style_sheets_instead_of_inlining_them(site: Path) -> None:
    sheets_per_page = set()
    for stem in [stem for stem, ext in source_pages() if ext == "ipynb"]:
        for language in LANGUAGES:
            page = built_page(site, stem, language)
            page_html = page.read_text()
            assert "<style" not in page_html, (stem, language)
            hrefs = re.findall(
                r'<link rel="stylesheet" href="([^"]*assets/notebooks/[^"]+)">', page_html
            )
            assert hrefs, (stem, language)
            assert all((page.parent / href).resolve().is_file() for href in hrefs)
            sheets_per_page.add(tuple(Path(href).name for href in hrefs))
            assert page.stat().st_size < 200_000, (stem, language)  # was 660 KB inline
    assert len(sheets_per_page) == 1  # every notebook page links the same files


def test_executed_blocks_show_output_in_the_page_language(site: Path) -> None:
    for stem, ext in source_pages():
        if ext != "md":
            continue
        for language, labels in (("zh", ("源代码", "运行结果")), ("en", ("Source", "Output"))):
            page_html = built_page(site, stem, language).read_text()
            other = ("Source", "Output") if language == "zh" else ("源代码", "运行结果")
            if 'class="tabbed-labels' in page_html:  # (every page's script names the class)
                assert f">{labels[0]}</label>" in page_html
                assert f">{other[1]}</label>" not in page_html
            assert "(not run:" not in page_html


def test_each_language_has_a_search_index_of_its_own(site: Path) -> None:
    zh = json.loads((site / "search" / "search_index.json").read_text())
    en = json.loads((site / "en" / "search" / "search_index.json").read_text())
    assert zh["config"]["lang"] == ["zh"] and en["config"]["lang"] == ["en"]
    assert zh["config"]["pipeline"] == en["config"]["pipeline"] == ["stopWordFilter"]
    zh_pages = {doc["location"].split("#")[0] for doc in zh["docs"]}
    en_pages = {doc["location"].split("#")[0].removeprefix("en/") for doc in en["docs"]}
    # The same pages, each in its own language (locations relative to the site's root).
    assert zh_pages == en_pages and "processes/pool/" in zh_pages
    assert all(doc["location"].startswith("en/") for doc in en["docs"])
    assert not any(re.search(r"[\u4e00-\u9fff]", doc["title"]) for doc in en["docs"])
    # jieba has segmented the Chinese text: words are separated for the search engine.
    chinese = " ".join(html.unescape(doc["text"]) for doc in zh["docs"] if "进程" in doc["text"])
    assert "\u200b" in chinese
    # Notebook chrome is not text to search.
    for doc in zh["docs"] + en["docs"]:
        assert not re.search(r"In\xa0\[\d*\]:|Copied!|已复制", doc["text"]), doc["location"]
    # Nor is a timeline (its lanes, legend and text alternative).
    for doc in zh["docs"] + en["docs"]:
        text = html.unescape(doc["text"]).replace("\u200b", "")
        timeline = re.search(r"下载这次运行的跟踪文件|Download this run's trace", text)
        assert not timeline, doc["location"]
    # A notebook's cell is indexed once (its page holds it twice).
    labs = [doc for doc in zh["docs"] + en["docs"] if doc["location"].endswith("labs/threads/")]
    assert len(labs) == 2
    assert all(doc["text"].count("sys.path.insert(0, str(root))") == 1 for doc in labs)


BLOCK_TAGS = re.compile(
    r"</?(?:p|li|td|th|h[1-6]|div|tr|ul|ol|table|details|summary|br|dd|dt|blockquote|"
    r"figure|figcaption|svg|label|nav|header|footer|aside|main|article|section)\b[^>]*>"
)


def test_chinese_prose_shows_no_space_between_two_characters(site: Path) -> None:
    """A gap between two Chinese characters is a defect, whatever markup stands between them
    (a link, bold text): the visible text of every Chinese page, notebooks too, has none."""
    cjk = "[\u2014\u2018-\u201f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
    found = {}
    for stem, _ in source_pages():
        html = built_page(site, stem, "zh").read_text(encoding="utf-8")
        article = re.search(r"<article\b.*?</article>", html, re.S)[0]
        article = re.sub(r"<pre\b.*?</pre>|<code\b.*?</code>", "¶", article, flags=re.S)
        text = re.sub(r"<[^>]+>", "", BLOCK_TAGS.sub("¶", article))
        gaps = re.findall(f".{{0,8}}{cjk}[ \t\n]+{cjk}.{{0,8}}", text)
        if gaps:
            found[stem] = gaps
    assert found == {}, found


def test_notebook_pages_show_no_cell_tag(site: Path) -> None:
    """A cell's tags (`measure`) are for the build: the notebooks keep them, and nothing of a
    tagged cell's input but its prompt and its code is on the page."""
    tagged_cells = 0
    for stem in [stem for stem, ext in source_pages() if ext == "ipynb"]:
        for language in LANGUAGES:
            notebook = json.loads((DOCS / f"{stem}.{language}.ipynb").read_text(encoding="utf-8"))
            tags = [cell["metadata"].get("tags", []) for cell in notebook["cells"]]
            tags = [cell_tags for cell_tags in tags if cell_tags]
            page_html = built_page(site, stem, language).read_text(encoding="utf-8")
            # nbconvert marks a tagged cell with a class per tag; its input ends with its code.
            tagged_cell = r'<div class="[^"]*\bcelltag_[^"]*"[^>]*>(.*?)<pre'
            inputs = re.findall(tagged_cell, page_html, re.S)
            assert len(inputs) == len(tags), (stem, language)
            for cell_tags, cell_input in zip(tags, inputs, strict=True):
                text = re.sub(r"<[^>]+>", " ", cell_input).split()
                assert not set(cell_tags) & set(text), (stem, language, text)
            tagged_cells += len(tags)
    assert tagged_cells, "no notebook has a tagged cell: this test would prove nothing"
