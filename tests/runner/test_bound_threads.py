"""A timeline fact of a real page, in a throw-away site: threads/daemon-join says the daemon
thread was cut off when its process ended; give it fewer ticks than the worker it outlives and
the strict build fails naming the page and the sentence (the mechanism itself:
tests/runner/test_sentences.py; the other kinds of sentence: test_bound_pages.py)."""

from __future__ import annotations

from minisite import MiniSite, summary


def test_a_timeline_fact_a_daemon_that_finishes_first_is_named(mini_site: MiniSite) -> None:
    copied = mini_site.copy_page("threads/daemon-join")
    built = mini_site.build(timeout=180)
    assert built.returncode == 0, built.stderr[-3000:]
    assert int(summary(built)["failed"]) == 0
    snippet = copied["snippets/threads/threading_daemon.py"]
    # One tick instead of ten: the daemon thread ends on its own long before the worker does,
    # so nothing is left to cut off when the process ends.
    source = snippet.read_text()
    assert "daemon_ticks: int = 10" in source
    snippet.write_text(source.replace("daemon_ticks: int = 10", "daemon_ticks: int = 1"))
    again = mini_site.build(timeout=180)
    assert again.returncode != 0
    for language in ("zh", "en"):
        page = f"page index.{language}.md: snippet snippets/threads/threading_daemon.py"
        assert page in again.stderr
    assert "(daemon_cut_off_with_its_process), which does not hold" in again.stderr
    assert "it was cut off when the process ended, not finished" in again.stderr  # the sentence
    assert "(daemon_never_ran_its_finally), which does not hold" in again.stderr
