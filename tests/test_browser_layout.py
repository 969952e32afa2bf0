"""Every page fits the reader's screen: code at desktop widths, everything else on a phone.

Served and browsed as tests/browser_session.py sets up; one browser tab per screen size
visits every page in both languages.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_session import site_relative_url
from playwright.sync_api import Browser, Page
from test_site import LANGUAGES, source_pages

PAGES = [site_relative_url(stem, language) for stem, _ in source_pages() for language in LANGUAGES]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# Each executed block's source and output code, shown in turn: (kind, overflowing pixels).
CODE_OVERFLOW = """() => [...document.querySelectorAll(".tabbed-block")].flatMap(block => {
  const code = block.querySelector(":scope > div > pre > code");
  if (!code) return [];
  const hidden = getComputedStyle(block).display === "none";
  block.style.display = "block";
  const kind = block.querySelector(".snippet-output") ? "output" : "source";
  const over = code.scrollWidth - code.clientWidth;
  if (hidden) block.style.display = "";
  return over > 1 ? [[kind, over, code.textContent.split("\\n")[0].slice(0, 60)]] : [];
})"""

PHONE_PROBLEMS = """() => {
  const problems = [];
  const page = document.documentElement;
  if (page.scrollWidth > innerWidth + 1) {
    problems.push(`the page scrolls sideways: ${page.scrollWidth}px`);
  }
  for (const text of document.querySelectorAll("article svg[role=img] text")) {
    const size = text.getBoundingClientRect().height;
    if (size && size < 10) {
      problems.push(`chart text ${size.toFixed(1)}px: ${text.textContent}`);
      break;
    }
  }
  const article = document.querySelector("article").clientWidth;
  for (const cell of document.querySelectorAll(".jupyter-wrapper .jp-InputArea-editor")) {
    if (cell.clientWidth < 0.8 * article) {
      problems.push(`a notebook cell gets ${cell.clientWidth} of ${article}px`);
      break;
    }
  }
  for (const box of document.querySelectorAll(".md-typeset pre > code, .md-typeset__scrollwrap")) {
    const hint = getComputedStyle(box).backgroundImage.includes("gradient");
    if (box.scrollWidth > box.clientWidth + 1 && !hint) {
      problems.push("a box that scrolls sideways shows no hint"); break;
    }
  }
  for (const code of document.querySelectorAll(".md-typeset :is(p, li, td) > code")) {
    const style = getComputedStyle(code);
    if (style.wordBreak === "break-all" || style.overflowWrap === "anywhere") {
      problems.push(`inline code may break mid-word: ${code.textContent}`);
      break;
    }
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def tab(browser: Browser, request) -> Iterator[Page]:
    phone = request.param == "phone"
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def found_on_every_page(tab: Page, site_url: str, script: str) -> dict[str, list]:
    """What `script` finds wrong on each page, both languages, for the pages where it does."""
    found = {}
    for relative_url in PAGES:
        tab.goto(site_url + relative_url)
        if problems := tab.evaluate(script):
            found[relative_url] = problems
    return found


@pytest.mark.parametrize("tab", ["desktop"], indirect=True)
def test_no_source_or_output_scrolls_sideways_at_1366_px(tab: Page, site_url: str) -> None:
    found = found_on_every_page(tab, site_url, CODE_OVERFLOW)
    assert not found, found


@pytest.mark.parametrize("tab", ["phone"], indirect=True)
def test_every_page_fits_a_phone(tab: Page, site_url: str) -> None:
    found = found_on_every_page(tab, site_url, PHONE_PROBLEMS)
    assert not found, found
