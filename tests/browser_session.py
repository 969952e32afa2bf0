"""The built site served as GitHub Pages serves it, and a real browser to read it: fixtures.

The site is served by a local server under the same sub-path as on GitHub Pages (the path of
`site_url`), missing addresses answered with the site's 404.html as GitHub Pages does. The
browser is Debian's Chromium driven by Playwright: one per test module, and a fresh context
(no storage, no permissions) and page per test (`visit`), or one page for a module of tests
that only read (`reading_tab`). Registered in tests/conftest.py as a plugin.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
from conftest import SESSION_HELPERS, child_processes, site_path
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    sync_playwright,
)
from test_site import built_page

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
MISSING = "no-such-page/"  # an address that has no page, in either language


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

    def clear(self) -> None:
        self.errors.clear()
        self.foreign_requests.clear()

    def request(self, request: Request) -> None:
        if not request.url.startswith((self.origin, "data:", "blob:")):
            self.foreign_requests.append(request.url)


def open_visit(browser: Browser, site_url: str) -> tuple[BrowserContext, Visit]:
    context = browser.new_context(color_scheme="light")
    context.set_default_timeout(10_000)
    page = context.new_page()
    visit = Visit(page, origin="{0.scheme}://{0.netloc}/".format(urlsplit(site_url)))
    page.on("console", visit.console)
    page.on("pageerror", lambda error: visit.errors.append(f"uncaught: {error}"))
    page.on("request", visit.request)  # the page's own and its workers' (the search index)
    return context, visit


@pytest.fixture
def visit(browser: Browser, site_url: str) -> Iterator[Visit]:
    """A fresh context (no storage, no permissions) and one page, for a test that acts."""
    context, visit = open_visit(browser, site_url)
    try:
        yield visit
    finally:
        context.close()


@pytest.fixture(scope="module")
def reading_tab(browser: Browser, site_url: str) -> Iterator[Visit]:
    """One page for a whole module of tests that only load and read pages: a context costs
    the browser a process and the page its start-up, about half of each such test's time.
    Each test clears what the last one saw (`Visit.clear`)."""
    context, visit = open_visit(browser, site_url)
    try:
        yield visit
    finally:
        context.close()


def site_relative_url(stem: str, language: str) -> str:
    """Where a page is served, relative to the site root: "", "en/processes/fork/", …"""
    page = built_page(PurePosixPath(), stem, language).as_posix()
    return page.removesuffix("index.html").removeprefix(".")


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
