"""The page store: a page whose inputs are unchanged is read back, and the site is the same."""

from __future__ import annotations

import json
from pathlib import Path

from minisite import MiniSite, block


def built(site: MiniSite) -> dict[str, bytes]:
    """Every file of the built site but the sitemaps, which carry the day of the build."""
    return {
        str(path.relative_to(site.root)): path.read_bytes()
        for path in sorted((site.root / "site").rglob("*"))
        if path.is_file() and not path.name.startswith("sitemap.xml")
    }


def kept(site: MiniSite) -> list[Path]:
    return sorted((site.root / ".cache" / "pages").glob("*.json"))


def mark_kept(site: MiniSite, shown: str, marked: str) -> None:
    """Change what every kept page shows: a page that then shows `marked` was read back."""
    for entry in kept(site):
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["content"] = data["content"].replace(shown, marked)
        entry.write_text(json.dumps(data), encoding="utf-8")


def test_an_unchanged_page_is_read_back_and_the_site_is_the_same(mini_site: MiniSite) -> None:
    shown = mini_site.snippet("shown.py", 'print("first output")\n')
    mini_site.page("other", "## Section { #section }\n\nText.\n")
    mini_site.page(
        "index", f"Links to [it](other.md#section).\n\n## Runs {{ #runs }}\n\n{block(shown)}"
    )
    first = mini_site.build()
    assert first.returncode == 0, first.stderr
    site = built(mini_site)
    assert len(kept(mini_site)) == 4  # two pages, two languages

    # Read back, title, table of contents, anchors and links included: the same site, and the
    # link into the other page still checked against that page's anchors (a strict build).
    second = mini_site.build()
    assert second.returncode == 0, second.stderr
    assert built(mini_site) == site

    # What the pages show is what was kept, not a new conversion.
    mark_kept(mini_site, "first output", "first output, as kept")
    assert mini_site.build().returncode == 0
    assert "first output, as kept" in mini_site.html("index", "zh")
    assert "first output, as kept" in mini_site.html("index", "en")

    # A new output is converted anew.
    (mini_site.root / shown).write_text('print("second output")\n', encoding="utf-8")
    assert mini_site.build().returncode == 0
    assert "second output" in mini_site.html("index", "en")
    assert "as kept" not in mini_site.html("index", "en")

    # A kept page's links are checked again: the anchor it links to is gone from the other page.
    mini_site.page("other", "## Renamed { #renamed }\n\nText.\n")
    broken = mini_site.build()
    assert broken.returncode != 0
    assert "does not contain an anchor '#section'" in broken.stderr


def test_a_kept_page_is_judged_again_under_new_limits(mini_site: MiniSite) -> None:
    """The runner's settings judge every run, cached or not: a kept page is no shortcut."""
    chatty = mini_site.snippet("chatty.py", 'print("x" * 2000)\n')
    mini_site.page("index", block(chatty))
    assert mini_site.build().returncode == 0
    mini_site.settings(output_limit="1KiB")
    lowered = mini_site.build()
    assert lowered.returncode != 0
    assert "page index.zh.md, snippet snippets/chatty.py" in lowered.stderr


def test_a_page_whose_include_includes_more_is_converted_every_time(mini_site: MiniSite) -> None:
    parts = mini_site.root / "parts"
    parts.mkdir()
    (parts / "outer.md").write_text('--8<-- "parts/inner.md"\n', encoding="utf-8")
    (parts / "inner.md").write_text("First words.\n", encoding="utf-8")
    mini_site.page("index", '--8<-- "parts/outer.md"\n')
    assert mini_site.build().returncode == 0
    assert "First words." in mini_site.html("index", "en")
    (parts / "inner.md").write_text("Second words.\n", encoding="utf-8")
    assert mini_site.build().returncode == 0
    assert "Second words." in mini_site.html("index", "en")


def test_a_page_that_warned_is_not_kept_and_warns_again(mini_site: MiniSite) -> None:
    mini_site.page("index", "Links to [nowhere](missing.md).\n")
    for _ in range(2):
        build = mini_site.build()
        assert build.returncode != 0
        assert "contains a link 'missing.md'" in build.stderr
    assert kept(mini_site) == []


def test_a_labs_page_is_drawn_when_its_notebook_changes_and_read_back_otherwise(
    mini_site: MiniSite,
) -> None:
    mini_site.page("index", "The labs.\n")
    mini_site.notebook("lab", 'print("first cell output")\n')
    assert mini_site.build().returncode == 0
    assert "first cell output" in mini_site.html("lab", "en")
    assert (mini_site.root / "site" / "en" / "lab" / "lab.en.ipynb").is_file()  # downloadable
    mark_kept(mini_site, "first cell output", "kept cell output")
    assert mini_site.build().returncode == 0
    assert "kept cell output" in mini_site.html("lab", "en")

    mini_site.notebook("lab", 'print("second cell output")\n')
    assert mini_site.build().returncode == 0
    assert "second cell output" in mini_site.html("lab", "en")
    assert "kept cell output" not in mini_site.html("lab", "en")
