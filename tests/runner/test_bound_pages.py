"""A real page's sentences, in a throw-away site: when its snippet changes so that a sentence
becomes false, the strict build fails naming the page and the sentence (the mechanism itself:
tests/runner/test_sentences.py). One test per kind of sentence; see the other
`test_bound_*.py` modules for the rest."""

from __future__ import annotations

from minisite import MiniSite, summary


def test_a_timing_bound_join_that_returns_early_is_named(mini_site: MiniSite) -> None:
    """processes/join says `join(0.5)` returned never before its timeout, the child alive."""
    copied = mini_site.copy_page("processes/join")
    built = mini_site.build(timeout=180)
    assert built.returncode == 0, built.stderr[-3000:]
    assert int(summary(built)["ran"]) == len(copied)  # each snippet it shows, run once
    snippet = copied["snippets/processes/multiprocessing_join_timeout.py"]
    # The child now works for less than the timeout: join(0.5) returns with it ended.
    snippet.write_text(
        snippet.read_text().replace("duration: float = 2.0", "duration: float = 0.1")
    )
    again = mini_site.build(timeout=180)
    assert again.returncode != 0
    for language in ("zh", "en"):
        assert (
            f"page index.{language}.md: snippet snippets/processes/multiprocessing_join_timeout.py"
            in again.stderr
        )
    assert "(first_join_returned_none_child_alive), which does not hold" in again.stderr
    assert "never before its timeout" in again.stderr  # the English sentence, quoted
