"""Every page fits the reader's screen, in the widest common monospace fonts: code at desktop
widths, everything else on a phone.

Served and browsed as tests/browser_session.py sets up; one browser tab per screen size visits
every page in both languages, and checks it in each font in turn. The font is forced on every
page's code, and the test first makes sure the browser renders it (by the advance of its
glyphs), so the verdict is the same on any machine that has the fonts, and a machine without
them fails, naming them.
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

# The widest common monospace fonts, each with the advance of one column (the font's units per
# em are 2048), and the Debian package that has it (.ci/run installs both): code must fit in
# either. DejaVu Sans Mono has Menlo's metrics, Liberation Mono those of Courier New.
WIDEST_CODE_FONTS = {
    "Liberation Mono": (1229 / 2048, "fonts-liberation"),
    "DejaVu Sans Mono": (1233 / 2048, "fonts-dejavu-core"),
}
# Chinese in code comes from this font after either (fonts-noto-cjk): an ideograph is 1 em.
CJK_CODE_FONT = "Noto Sans Mono CJK SC"
FORCED_CODE_FONT = """:is(pre, code, kbd, samp), :is(pre, code, kbd, samp) * {
  font-family: "%s", "%s" !important;
}"""
# The advance of a column and of an ideograph in the page's code font, in em.
CODE_FONT_ADVANCES = """() => {
  const probe = document.createElement("code");
  probe.style.cssText = "position: absolute; font-size: 100px; padding: 0; white-space: pre";
  document.querySelector("article").append(probe);
  const advance = (text) => {
    probe.textContent = text;
    return probe.getBoundingClientRect().width / 100 / text.length;
  };
  const advances = [advance("0".repeat(100)), advance("中".repeat(10))];
  probe.remove();
  return advances;
}"""

# Every code block and output, with every tab and every collapsed block shown: those that scroll
# sideways, each named by its first line.
CODE_OVERFLOW = """() => {
  for (const details of document.querySelectorAll("article details")) details.open = true;
  for (const block of document.querySelectorAll("article .tabbed-block")) {
    block.style.display = "block";
  }
  return [...document.querySelectorAll("article pre")].flatMap(pre => {
    const box = pre.querySelector(":scope > code") || pre;
    const over = box.scrollWidth - box.clientWidth;
    const kind = pre.closest(".snippet-output, .jp-OutputArea") ? "output" : "code";
    const line = box.textContent.trim().split("\\n")[0].slice(0, 60);
    return over > 1 ? [`${kind} scrolls ${over}px sideways: ${line}`] : [];
  });
}"""

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
  const article = document.querySelector("article");
  for (const cell of document.querySelectorAll(".jupyter-wrapper .jp-InputArea-editor")) {
    if (cell.clientWidth < 0.8 * article.clientWidth) {
      problems.push(`a notebook cell gets ${cell.clientWidth} of ${article.clientWidth}px`);
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
  // Text cut off: a line of running text (prose, inline code, a link) that ends past the box it
  // is laid out in or past the screen. What is inside a box that scrolls sideways (a code block,
  // a table, a row of tabs) can be scrolled to, and is that box's business.
  const scrolls = element => /auto|scroll/.test(getComputedStyle(element).overflowX);
  const inline = element => /^(inline|contents)$/.test(getComputedStyle(element).display);
  const texts = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let text = texts.nextNode(); text; text = texts.nextNode()) {
    const parent = text.parentElement;
    if (!text.textContent.trim() || parent.closest("pre, svg, script, style")) continue;
    let box = parent;
    while (inline(box)) box = box.parentElement;
    let inScroller = false;
    for (let element = parent; element !== article; element = element.parentElement) {
      inScroller ||= scrolls(element);
    }
    if (inScroller || !box.getClientRects().length) continue;
    const limit = Math.min(box.getBoundingClientRect().right, innerWidth);
    range.selectNodeContents(text);
    const past = Math.max(...[...range.getClientRects()].map(line => line.right)) - limit;
    if (past > 1) {
      const where = parent.closest("code") ? "inline code" : parent.tagName.toLowerCase();
      problems.push(`${where} cut off by ${Math.round(past)}px: ${text.textContent.slice(0, 60)}`);
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


def found_on_every_page(tab: Page, site_url: str, script: str) -> str:
    """What `script` finds wrong on each page, both languages, with each of the widest fonts as
    the code font in turn, a line per problem. Each page loads once: its code's font changes
    in place. Fails first if the browser draws the code in another font than the one asked."""
    found = []
    for relative_url in PAGES:
        tab.goto(site_url + relative_url)
        forced = tab.add_style_tag(content="/* the code font, set below */")
        for font, (column, package) in WIDEST_CODE_FONTS.items():
            forced.evaluate(
                "(style, css) => { style.textContent = css; }",
                FORCED_CODE_FONT % (font, CJK_CODE_FONT),
            )
            rendered_column, ideograph = tab.evaluate(CODE_FONT_ADVANCES)
            if abs(rendered_column - column) > 0.0005:
                pytest.fail(
                    f"code is drawn {rendered_column:.4f} em a column, not {font}'s "
                    f"{column:.4f} em: {font} is missing (Debian's {package}, which .ci/run "
                    "installs)"
                )
            if abs(ideograph - 1) > 0.001:
                pytest.fail(
                    f"Chinese in code is drawn {ideograph:.4f} em wide, not 1 em: "
                    f"{CJK_CODE_FONT} is missing (Debian's fonts-noto-cjk, which .ci/run installs)"
                )
            found += [f"{relative_url} in {font}: {problem}" for problem in tab.evaluate(script)]
    return "\n".join(found)


@pytest.mark.parametrize("tab", ["desktop"], indirect=True)
def test_no_code_or_output_scrolls_sideways_at_1366_px(tab: Page, site_url: str):
    found = found_on_every_page(tab, site_url, CODE_OVERFLOW)
    assert not found, "\n" + found


@pytest.mark.parametrize("tab", ["phone"], indirect=True)
def test_every_page_fits_a_phone_and_cuts_no_text_off(tab: Page, site_url: str):
    found = found_on_every_page(tab, site_url, PHONE_PROBLEMS)
    assert not found, "\n" + found
