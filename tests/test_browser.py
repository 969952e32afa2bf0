"""What a reader does on the built site, in a real browser: switch language, search, copy,
switch tabs, pick a colour scheme.

Served and browsed as tests/browser_session.py sets up (the fixtures `site_url`, `visit`).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser_session import Visit, axe_violations, site_relative_url
from conftest import ROOT
from playwright.sync_api import Locator, Page, expect
from snippet_runner.render import TAB_LABELS
from test_site import LANGUAGES, built_page, source_pages

SEARCH_WORDS = {
    "zh": ["守护进程", "进程池", "信号量", "协程"],
    "en": ["daemon", "pool", "semaphore", "coroutine"],
}


def snippet_of(code: str) -> Path | None:
    """The file under snippets/ whose content a block shows."""
    wanted = textwrap.dedent(code).strip()
    return next(
        (path for path in (ROOT / "snippets").rglob("*.py") if path.read_text().strip() == wanted),
        None,
    )


def deepest_page() -> str:
    """A page below the home page (the language switch has more to get wrong there)."""
    stems = [stem for stem, _ in source_pages() if stem != "index"]
    return max(stems, key=lambda stem: stem.count("/"), default="index")


def twin(language: str) -> str:
    return "en" if language == "zh" else "zh"


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switch_lands_on_the_twin_page(visit: Visit, site_url: str, language):
    stem = deepest_page()
    visit.page.goto(site_url + site_relative_url(stem, language))
    visit.page.locator(".md-header .md-select").hover()
    visit.page.locator(f"a.md-select__link[hreflang={twin(language)}]").click()
    expect(visit.page).to_have_url(site_url + site_relative_url(stem, twin(language)))
    expect(visit.page.locator("html")).to_have_attribute("lang", twin(language))


@pytest.mark.parametrize(
    "language, word",
    [(language, word) for language, words in SEARCH_WORDS.items() for word in words],
)
def test_search_finds_the_word_in_the_readers_language_first(
    visit: Visit, site_url: str, language, word
):
    visit.page.goto(site_url + site_relative_url("index", language))
    hit = search_hits(visit.page, word)[0]
    in_english = hit.startswith(site_url + "en/")
    assert in_english == (language == "en"), hit


# A topic's name, and the page about it: it must be the first hit.
TOPICS = {
    "zh": {
        "进程池": "processes/pool/",
        "守护线程": "threads/daemon-join/",
        "信号量": "threads/semaphore-event/",
        "事件循环": "coroutines/asyncio/",
    },
    "en": {
        "process pool": "processes/pool/",
        "daemon thread": "threads/daemon-join/",
        "semaphore": "threads/semaphore-event/",
        "event loop": "coroutines/asyncio/",
    },
}


def search_hits(page: Page, words: str) -> list[str]:
    query = page.locator("input.md-search__input")
    query.click()
    query.fill(words)
    # fill() presses no key; Material reads the query on keyup, as after typing or an IME.
    query.press("End")
    links = page.locator(".md-search-result__item .md-search-result__link")
    expect(links.first).to_be_visible()
    return [urljoin(page.url, link.get_attribute("href")) for link in links.all()]


@pytest.mark.parametrize(
    "language, words",
    [(language, words) for language, topics in TOPICS.items() for words in topics],
)
def test_the_page_about_a_topic_is_the_first_hit_and_every_hit_is_in_the_readers_language(
    visit: Visit, site_url: str, language, words
):
    home = site_url + site_relative_url("index", language)
    index_requests: list[str] = []
    visit.page.on(
        "request", lambda r: index_requests.append(r.url) if "search_index" in r.url else None
    )
    visit.page.goto(home)
    visit.page.wait_for_load_state("networkidle")
    assert index_requests == []  # fetched only once the reader searches
    hits = search_hits(visit.page, words)
    root = home if language == "en" else site_url
    assert index_requests == [root + "search/search_index.json"]
    assert all(hit.startswith(site_url + "en/") == (language == "en") for hit in hits), hits
    first = hits[0].split("#")[0].split("?")[0]
    assert first == root + TOPICS[language][words], hits[:5]


def page_with_a_snippet(site: Path, language: str) -> str:
    """Where the first page (home page first) that shows a snippet with its output is served."""
    stems = sorted((stem for stem, ext in source_pages() if ext == "md"), key="index".__ne__)
    for stem in stems:
        if 'class="tabbed-set' in built_page(site, stem, language).read_text(encoding="utf-8"):
            return site_relative_url(stem, language)
    pytest.fail("no page shows an executed snippet")


def snippet_tabs(page: Page, language: str) -> dict[str, tuple[Locator, Locator]]:
    """The first executed block's tabs: {label text: (label, tab content)}."""
    source, output = TAB_LABELS[language]
    tabs = (
        page.locator(".tabbed-set")
        .filter(has=page.get_by_text(source, exact=True))
        .filter(has=page.get_by_text(output, exact=True))
        .first
    )
    labels = tabs.locator(":scope > .tabbed-labels > label")
    contents = tabs.locator(":scope > .tabbed-content > .tabbed-block")
    expect(labels).to_have_count(2)
    return {
        label.inner_text().strip(): (label, contents.nth(index))
        for index, label in enumerate(labels.all())
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_copy_button_copies_the_snippet_source(visit: Visit, site: Path, site_url: str, language):
    visit.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visit.page.goto(site_url + page_with_a_snippet(site, language))
    label, source = snippet_tabs(visit.page, language)[TAB_LABELS[language][0]]
    label.click()
    source.locator("button.md-code__button[data-md-type=copy]").click()
    copied = visit.page.evaluate("navigator.clipboard.readText()")
    snippet = snippet_of(copied)
    assert snippet is not None, f"copied text is no snippet file:\n{copied[:500]}"
    assert copied == snippet.read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switch_keeps_the_readers_anchor(visit: Visit, site_url: str, language):
    url = site_url + site_relative_url("processes/pool", language)
    visit.page.goto(url + "#map-family")
    visit.page.locator(".md-header .md-select").hover()
    visit.page.locator(f"a.md-select__link[hreflang={twin(language)}]").click()
    twin_url = site_url + site_relative_url("processes/pool", twin(language)) + "#map-family"
    expect(visit.page).to_have_url(twin_url)
    expect(visit.page.locator("#map-family")).to_be_in_viewport()


@pytest.mark.parametrize("language", LANGUAGES)
def test_output_shows_first_and_the_readers_choice_follows_pages_and_languages(
    visit: Visit, site: Path, site_url: str, language
):
    page = visit.page
    page.goto(site_url + page_with_a_snippet(site, language))
    tabs = snippet_tabs(page, language)
    (source_label, source), (_, output) = (tabs[name] for name in TAB_LABELS[language])
    expect(output).to_be_visible()  # no click needed to see what ran
    expect(source).to_be_hidden()
    source_label.click()
    # Another page, in the other language: the source shows, its tabs in that language.
    page.goto(site_url + site_relative_url("processes/pool", twin(language)))
    tabs = snippet_tabs(page, twin(language))
    (source_label, source), (output_label, output) = (
        tabs[name] for name in TAB_LABELS[twin(language)]
    )
    expect(source).to_be_visible()
    expect(output).to_be_hidden()
    output_label.click()
    page.reload()
    expect(snippet_tabs(page, twin(language))[TAB_LABELS[twin(language)][1]][1]).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_interface_strings_are_in_the_pages_language(visit: Visit, site_url: str, language):
    page = visit.page
    page.goto(site_url + site_relative_url("labs/threads", language))
    toggles = page.locator("form[data-md-component=palette] label").evaluate_all(
        "labels => labels.map(label => label.title)"
    )
    chinese = [bool(re.search(r"[\u4e00-\u9fff]", title)) for title in toggles]
    assert toggles and all(is_zh == (language == "zh") for is_zh in chinese), toggles
    copy = page.locator("clipboard-copy").first
    expected = "复制到剪贴板" if language == "zh" else "Copy to Clipboard"
    expect(copy).to_have_attribute("aria-label", expected)
    copied = "已复制！" if language == "zh" else "Copied!"  # shown once the button is pressed
    expect(copy.locator(".notice")).to_have_text(copied)
    page.goto(site_url + site_relative_url("choosing/index", language))
    title = page.locator("svg[role=img] > title").first.text_content()
    assert bool(re.search(r"[\u4e00-\u9fff]", title)) == (language == "zh"), title


@pytest.mark.parametrize("language", LANGUAGES)
def test_source_and_output_tabs_switch(visit: Visit, site: Path, site_url: str, language):
    visit.page.goto(site_url + page_with_a_snippet(site, language))
    tabs = snippet_tabs(visit.page, language)
    (source_label, source), (output_label, output) = (tabs[name] for name in TAB_LABELS[language])
    output_label.click()
    expect(output).to_be_visible()
    expect(source).to_be_hidden()
    assert output.inner_text().strip()
    source_label.click()
    expect(source).to_be_visible()
    expect(output).to_be_hidden()
    assert snippet_of(source.locator("code").text_content()) is not None


def test_dark_mode_choice_persists_across_pages_languages_and_reloads(
    visit: Visit, site: Path, site_url: str
):
    page = visit.page
    page.goto(site_url)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    # The toggle steps through the palette: system preference → light (1) → dark (2).
    for step in (1, 2):
        page.locator(f"form[data-md-component=palette] label[for=__palette_{step}]").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator(".md-header .md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    expect(page).to_have_url(site_url + "en/")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.reload()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.goto(site_url + page_with_a_snippet(site, "zh"))
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    # The dark scheme has colours of its own: they too are readable.
    contrast = axe_violations(page, rules=["color-contrast", "link-in-text-block"])
    assert not contrast, "\n".join(contrast)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_timelines_are_accessible_in_both_themes_and_scroll_inside_their_box_on_a_phone(
    visit: Visit, site_url: str, language: str, scheme: str
):
    page = visit.page
    page.emulate_media(color_scheme=scheme)  # the palette follows the system's by default
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + site_relative_url("threads/daemon-join", language))
    expect(page.locator("body")).to_have_attribute(
        "data-md-color-scheme", "slate" if scheme == "dark" else "default"
    )
    timelines = page.locator("figure.snippet-timeline")
    expect(timelines.first).to_be_visible()
    assert timelines.count() >= 2  # the join pitfall and the daemon thread
    violations = axe_violations(page, rules=None)
    assert not violations, "\n".join(violations)
    box = timelines.first.locator(".snippet-timeline-box")
    widths = box.evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert widths[0] > widths[1]  # the drawing keeps its width and scrolls inside its box
    page_widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert page_widths[0] <= page_widths[1]  # the page itself does not scroll sideways
    # The trace it links to is there, in the trace-event format.
    href = timelines.first.locator(".snippet-trace a").get_attribute("href")
    answer = page.request.get(urljoin(page.url, href))
    assert answer.ok and "traceEvents" in answer.json()
