"""The built site's sentences about its runs: bound, in both languages, never contradicting the
output beside them, never pointing at a tab the page lacks; code a reader copies runs as shown.

`tests/runner/test_sentences.py` tests the mechanism; here every page of the real site is read
as a reader reads it.
"""

from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from test_site import LANGUAGES, built_page, source_pages

DOCS = ROOT / "docs"
SAYS = re.compile(r'\{:\s*says="(?P<names>[^"]*)"\s*\}')
# A figure a run could print: a duration, a ratio. (Counts are left out: "4 workers" is code.)
FIGURE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:ms\b|s\b|毫秒|秒|倍)|×\s*(\d+(?:\.\d+)?)")
VERSION = re.compile(r"(?<![\w.])3\.1\d{1,2}t?(?![\w.])")
START_METHODS = ("forkserver", "spawn", "fork")
TAB_WORDS = re.compile(r"\btabs?\b|标签页|选项卡")
NEAR = 24  # characters between a version and the word "tab" that make it the tab's name
PROJECT_IMPORT = re.compile(r"^\s*(?:from|import)\s+snippets\b", re.M)


def article(page: Path) -> str:
    """The page's content, without its timelines (their text is written from the run)."""
    text = page.read_text(encoding="utf-8")
    body = text.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return re.sub(r'<figure class="snippet-timeline".*?</figure>', "", body, flags=re.S)


def plain(fragment: str) -> str:
    """A fragment's text as a reader reads it, but its inline code (names, not figures)."""
    return text_of(re.sub(r"<code>.*?</code>", " ", fragment, flags=re.S))


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def numbers_in(text: str) -> set[float]:
    return {float(n) for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", text)}


def pieces(body: str) -> list[tuple[str, str]]:
    """The article's top-level pieces in order: ("block", its source text), ("heading", ""),
    ("text", a free paragraph or list item's HTML), ("said", a bound one)."""
    found = []
    pattern = re.compile(
        r'(?P<block><div class="tabbed-set tabbed-alternate"[^>]*>.*?<div class="language-python'
        r' highlight"><pre>.*?</pre>)'
        r"|(?P<heading><h[1-6][^>]*>)"
        r'|(?P<said><(?:p|li) class="run-said">.*?</(?:p|li)>)'
        r"|(?P<text><(?:p|li)>.*?</(?:p|li)>)",
        re.S,
    )
    for match in pattern.finditer(body):
        kind = match.lastgroup
        if kind == "block":
            source = re.search(r'<div class="language-python highlight"><pre>(.*)', match[0], re.S)
            found.append(("block", text_of(source[1] if source else "")))
        else:
            found.append((kind, match[0]))
    return found


PAGES = [(stem, lang) for stem, ext in source_pages() if ext == "md" for lang in LANGUAGES]


@pytest.mark.parametrize("stem, language", PAGES, ids=[f"{lang}:{s}" for s, lang in PAGES])
def test_a_figure_in_free_text_beside_a_block_is_one_its_code_shows(
    site: Path, stem: str, language: str
) -> None:
    """Right after a block, a free sentence (not bound to the run) may give a figure only if
    the block's source has it (a parameter's default); one the run prints must be rendered
    from the run or bound to it (CONTRIBUTING: A sentence about a run)."""
    problems = []
    source = None
    for kind, content in pieces(article(built_page(site, stem, language))):
        if kind == "block":
            source = content
        elif kind == "heading":
            source = None
        elif kind == "text" and source is not None:
            text = plain(content)
            for match in FIGURE.finditer(text):
                value = float(match[1] or match[2])
                if value not in numbers_in(source):
                    problems.append(f"{match[0]!r} in: {text.strip()[:160]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stem, language", PAGES, ids=[f"{lang}:{s}" for s, lang in PAGES])
def test_a_sentence_pointing_at_a_tab_points_at_one_the_page_shows(
    site: Path, stem: str, language: str
) -> None:
    body = article(built_page(site, stem, language))
    labels = " ".join(plain(label) for label in re.findall(r"<label[^>]*>.*?</label>", body))
    captions = " ".join(plain(c) for c in re.findall(r'<p class="snippet-ran">.*?</p>', body))
    shown = labels + " " + captions
    problems = []
    for kind, content in pieces(body):
        if kind not in ("text", "said"):
            continue
        text = plain(content)
        for sentence in re.split(r"(?<=[.;])\s+|(?<=[。；])", text):
            if not TAB_WORDS.search(sentence):
                continue
            tab = [m.start() for m in TAB_WORDS.finditer(sentence)]
            for version in VERSION.finditer(sentence):  # one named next to the word "tab"
                near = any(abs(version.start() - at) <= NEAR for at in tab)
                if near and version[0] not in shown:
                    problems.append(f"{version[0]}: {sentence.strip()[:160]}")
            for method in START_METHODS:
                if re.search(rf"\b{method}\b", sentence) and method not in labels:
                    problems.append(f"{method}: {sentence.strip()[:160]}")
    assert not problems, "\n".join(problems)


def statements_named(text: str) -> list[str]:
    return [name for match in SAYS.finditer(text) for name in match["names"].split()]


def figures_named(text: str) -> list[str]:
    return re.findall(r"\{\{\s*(\w+)\s*\}\}", text)


@pytest.mark.parametrize("stem", sorted({stem for stem, _ in PAGES}))
def test_both_languages_say_the_same_statements_in_the_same_order(stem: str) -> None:
    zh = (DOCS / f"{stem}.zh.md").read_text(encoding="utf-8")
    en = (DOCS / f"{stem}.en.md").read_text(encoding="utf-8")
    assert statements_named(zh) == statements_named(en)
    assert sorted(figures_named(zh)) == sorted(figures_named(en))


def text_of_page(path: Path) -> str | None:
    """A page's Markdown: a notebook's is its Markdown cells' (its JSON escapes the quotes of
    a `says="…"`); None for a file that is not a page."""
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return None


def test_every_statement_is_said_by_its_page() -> None:
    """A statement no sentence makes checks nothing a reader reads: remove it, or say it."""
    unsaid = []
    for module in sorted((ROOT / "statements").rglob("*.py")):
        page = module.relative_to(ROOT / "statements").with_suffix("")
        texts = [text_of_page(path) for path in DOCS.glob(f"{page}.*")]
        texts = [text for text in texts if text is not None]
        assert texts, f"{module.relative_to(ROOT)} is about no page"
        said = {name for text in texts for name in statements_named(text) + figures_named(text)}
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            decorated = isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Attribute | ast.Call) for d in node.decorator_list
            )
            if decorated and node.name not in said:
                unsaid.append(f"{module.relative_to(ROOT)}: {node.name}")
    assert not unsaid, "\n".join(unsaid)


def shown_sources(site: Path) -> list[tuple[str, str]]:
    """Every source a reader sees and may copy: each executed block's, each notebook cell's."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for block in re.findall(
            r'<div class="language-python highlight"><pre>(.*?)</pre>', text, re.S
        ):
            found.append((str(page.relative_to(site)), text_of(block)))
    for notebook in sorted(DOCS.rglob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                found.append((str(notebook.relative_to(ROOT)), "".join(cell["source"])))
    return found


def test_no_shown_source_imports_a_build_helper(site: Path) -> None:
    """What a reader copies runs as shown: no page's code imports a module of the project
    (a check, a measuring helper) the reader does not have. A lab, opened inside the
    repository as it says, may import the labs' shared functions (snippets/labs/workers.py)."""
    problems = []
    for where, source in shown_sources(site):
        for line in PROJECT_IMPORT.findall(source) and source.splitlines():
            if not PROJECT_IMPORT.match(line):
                continue
            allowed = where.endswith(".ipynb") and re.search(r"snippets\.labs\b.*\bworkers\b", line)
            if not allowed:
                problems.append(f"{where}: {line.strip()}")
    assert not problems, "\n".join(sorted(set(problems)))


if __name__ == "__main__":  # python tests/test_sentences_site.py site/ [stem…]: one built site
    import sys

    built, wanted = Path(sys.argv[1]), sys.argv[2:]
    failures = 0
    for stem, language in PAGES:
        if wanted and not any(stem.startswith(w) for w in wanted):
            continue
        for check in (
            test_a_figure_in_free_text_beside_a_block_is_one_its_code_shows,
            test_a_sentence_pointing_at_a_tab_points_at_one_the_page_shows,
        ):
            try:
                check(built, stem, language)
            except AssertionError as error:
                failures += 1
                print(f"{language}:{stem}: {check.__name__}\n  {str(error)[:2000]}\n")
    for check in (test_every_statement_is_said_by_its_page,):
        try:
            check()
        except AssertionError as error:
            failures += 1
            print(f"{check.__name__}\n  {error}\n")
    for stem in sorted({stem for stem, _ in PAGES}):
        if wanted and not any(stem.startswith(w) for w in wanted):
            continue
        try:
            test_both_languages_say_the_same_statements_in_the_same_order(stem)
        except AssertionError as error:
            failures += 1
            print(f"{stem}: the languages differ\n  {error}\n")
    sys.exit(1 if failures else 0)
