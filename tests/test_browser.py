"""The built site in a real browser: Debian's Chromium driven by Playwright.

The site is served by a local server under the same sub-path as on GitHub Pages (the path of
`site_url`), missing addresses answered with the site's 404.html as GitHub Pages does. One
browser for the module, a fresh context (no storage, no permissions) and one page per test.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import SESSION_HELPERS, child_processes, site_path
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    expect,
    sync_playwright,
)
from snippet_runner.build import BuildState
from snippet_runner.render import TAB_LABELS
from test_site import LANGUAGES, built_page, source_pages

# Debian's package first; a machine with Google Chrome (a GitHub runner) can use that instead.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless as root, and no traffic of the browser's own (updates, sync, field trials).
BROWSER_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")
BLOCKING_IMPACTS = {"serious", "critical"}
SEARCH_WORDS = {
    "zh": ["守护进程", "进程池", "信号量", "协程"],
    "en": ["daemon", "pool", "semaphore", "coroutine"],
}
MISSING = "no-such-page/"  # an address that has no page, in either language
SNIPPETS = BuildState()  # its snippet_of(code) finds the file a block shows


def site_relative_url(stem: str, language: str) -> str:
    """Where a page is served, relative to the site root: "", "en/processes/fork/", …"""
    page = built_page(PurePosixPath(), stem, language).as_posix()
    return page.removesuffix("index.html").removeprefix(".")


PAGES = [
    pytest.param(site_relative_url(stem, language), id=f"{language}:{stem}")
    for stem, _ in source_pages()
    for language in LANGUAGES
] + [
    pytest.param(MISSING, id="zh:404"),
    pytest.param(f"en/{MISSING}", id="en:404"),
]


# --------------------------------------------------------------------------- the server


class GitHubPagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing address under the site gets the site's 404.html, status 404."""

    def __init__(self, *args, not_found_page: Path, **kwargs) -> None:
        self.not_found_page = not_found_page
        super().__init__(*args, **kwargs)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        if code != 404 or not self.path.startswith(site_path()):
            return super().send_error(code, message, explain)
        body = self.not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass  # the tests report what went wrong


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port) under the path of `site_url`."""
    web_root = Path(str(site).removesuffix(site_path().rstrip("/")))
    handler = functools.partial(
        GitHubPagesLikeHandler, directory=str(web_root), not_found_page=site / "404.html"
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server")
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{site_path()}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --------------------------------------------------------------------------- the browser


def browser_executable() -> str | None:
    return os.environ.get("CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)


# Module scope: Playwright's synchronous API keeps an event loop running in this thread while it
# is started, and the pages' asyncio tests need none running.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = browser_executable()
    if executable is None:
        message = "no Chromium: install Debian's `chromium` (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    before = child_processes()
    playwright = sync_playwright().start()
    driver = child_processes().keys() - before.keys()
    SESSION_HELPERS.update(driver)
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        SESSION_HELPERS.difference_update(driver)


@dataclass
class Visit:
    """A page in a fresh browser context, and what went wrong in it."""

    page: Page
    origin: str
    errors: list[str] = field(default_factory=list)  # console errors, uncaught exceptions
    foreign_requests: list[str] = field(default_factory=list)  # to any host but the server

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{message.text} at {message.location.get('url')}")

    def request(self, request: Request) -> None:
        if not request.url.startswith((self.origin, "data:", "blob:")):
            self.foreign_requests.append(request.url)


@pytest.fixture
def visit(browser: Browser, site_url: str) -> Iterator[Visit]:
    context = browser.new_context(color_scheme="light")
    context.set_default_timeout(10_000)
    page = context.new_page()
    visit = Visit(page, origin="{0.scheme}://{0.netloc}/".format(urlsplit(site_url)))
    page.on("console", visit.console)
    page.on("pageerror", lambda error: visit.errors.append(f"uncaught: {error}"))
    page.on("request", visit.request)  # the page's own and its workers' (the search index)
    try:
        yield visit
    finally:
        context.close()


# Code blocks hold thousands of highlighted tokens but only a few dozen kinds of them: axe's
# colour-contrast rule checks one token of each kind (class, its parent's, its block's) instead of
# all of them, which would be three quarters of the time a page takes.
CODE = [["pre"], [".jp-InputArea"], [".jp-OutputArea"]]
MARK_ONE_TOKEN_OF_EACH_KIND = """() => {
  const seen = new Set();
  for (const token of document.querySelectorAll("pre span, pre code, .jp-OutputArea pre")) {
    if (token.children.length || !token.textContent.trim()) continue;
    const block = token.closest(".highlight, .highlight-ipynb, .jp-OutputArea, pre");
    const kind = [block ? block.className : "", token.className, token.parentElement.className];
    if (seen.has(kind.join("|"))) continue;
    seen.add(kind.join("|"));
    token.setAttribute("data-contrast-sample", "");
  }
  return seen.size;
}"""


def axe_run(page: Page, context: dict, rules: list[str] | None) -> list[str]:
    """axe-core's serious and critical findings in `context` (`rules`: all of them)."""
    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = page.evaluate("([context, options]) => axe.run(context, options)", [context, options])
    return [
        f"{violation['impact']}: {violation['id']} ({violation['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def axe_violations(page: Page, rules: list[str] | None = None) -> list[str]:
    """The page as it is now: everything but the code, then a sample of each kind of token."""
    page.add_script_tag(path=AXE_JS)
    found = axe_run(page, {"exclude": CODE}, rules)
    if page.evaluate(MARK_ONE_TOKEN_OF_EACH_KIND):
        found += axe_run(page, {"include": [["[data-contrast-sample]"]]}, ["color-contrast"])
    return found


# --------------------------------------------------------------------------- every page


@pytest.mark.parametrize("relative_url", PAGES)
def test_page_loads_cleanly_offline_and_accessibly(visit: Visit, site_url: str, relative_url):
    url = site_url + relative_url
    visit.page.goto(url)
    violations = axe_violations(visit.page)
    # Chromium logs a 404 answer to the page itself as an error: that one is the point of 404.html.
    errors = [e for e in visit.errors if not (relative_url.endswith(MISSING) and e.endswith(url))]
    assert not errors, "\n".join(errors)
    assert not visit.foreign_requests, "\n".join(visit.foreign_requests)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_page_answers_404_in_both_languages(visit: Visit, site_url: str, language):
    prefix = "" if language == "zh" else "en/"
    response = visit.page.goto(site_url + prefix + MISSING)
    assert response is not None and response.status == 404
    homes = visit.page.locator("article a")
    expect(homes).to_have_count(2)
    for link, home in zip(homes.all(), ("", "en/"), strict=True):
        assert urljoin(visit.page.url, link.get_attribute("href")) == site_url + home
    # Served from an address deeper than its own, it still found its stylesheets and scripts.
    expect(visit.page.locator(".md-header")).to_have_css("position", "sticky")
    expect(visit.page.locator("html")).to_have_class(re.compile(r"\bjs\b"))


# --------------------------------------------------------------------------- reader features


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
    home = site_url + site_relative_url("index", language)
    visit.page.goto(home)
    query = visit.page.locator("input.md-search__input")
    query.click()
    query.fill(word)
    # fill() presses no key; Material reads the query on keyup, as after typing or an IME.
    query.press("End")
    first_hit = visit.page.locator(".md-search-result__item .md-search-result__link").first
    expect(first_hit).to_be_visible()
    hit = urljoin(visit.page.url, first_hit.get_attribute("href"))
    in_english = hit.startswith(site_url + "en/")
    assert in_english == (language == "en"), hit


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
    snippet = SNIPPETS.snippet_of(copied)
    assert snippet is not None, f"copied text is no snippet file:\n{copied[:500]}"
    assert copied == snippet.read_text(encoding="utf-8").rstrip("\n")


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
    assert SNIPPETS.snippet_of(source.locator("code").text_content()) is not None


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
