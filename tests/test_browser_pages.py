"""Every page of the built site in a real browser: it loads offline, cleanly and accessibly.

Served and browsed as tests/browser_session.py sets up (the fixtures `site_url`, `visit`).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from browser_session import MISSING, Visit, axe_violations, site_relative_url
from playwright.sync_api import expect
from test_site import LANGUAGES, source_pages

PAGES = [
    pytest.param(site_relative_url(stem, language), id=f"{language}:{stem}")
    for stem, _ in source_pages()
    for language in LANGUAGES
] + [
    pytest.param(MISSING, id="zh:404"),
    pytest.param(f"en/{MISSING}", id="en:404"),
]


@pytest.mark.parametrize("relative_url", PAGES)
def test_page_loads_cleanly_offline_and_accessibly(reading_tab: Visit, site_url: str, relative_url):
    visit = reading_tab
    visit.clear()
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
    # It speaks both languages, each part marked; the page itself is the site's default.
    expect(visit.page.locator("html")).to_have_attribute("lang", "zh")
