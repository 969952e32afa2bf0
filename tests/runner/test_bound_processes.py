"""The processes chapter's sentences, in throw-away sites: when a snippet's parameters change so
that a sentence becomes false, the strict build fails naming the page and the sentence. One test
per kind of sentence: a schedule, an exit status, a start-method difference."""

from __future__ import annotations

from pathlib import Path

from minisite import MiniSite, summary


def build_then_edit(mini_site: MiniSite, page: str, snippet: str, old: str, new: str):
    """Build `page` as it is (it must pass), replace `old` by `new` in `snippet`, build again."""
    copied = mini_site.copy_page(page)
    built = mini_site.build(timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    assert summary(built)["failed"] == "0"
    path: Path = copied[snippet]
    source = path.read_text()
    assert source.count(old) == 1, f"{old!r} is not in {snippet} once"
    path.write_text(source.replace(old, new))
    return mini_site.build(timeout=600)


def names_page_snippet_and_sentence(
    stderr: str, snippet: str, statement: str, sentence: str
) -> None:
    for language in ("zh", "en"):
        assert f"page index.{language}.md: snippet {snippet}" in stderr, stderr[-3000:]
    assert f"({statement}), which does not hold" in stderr, stderr[-3000:]
    assert sentence in stderr  # the English sentence, quoted


def test_a_schedule_a_fifth_worker_means_the_fifth_task_no_longer_waits(mini_site: MiniSite):
    """processes/pool says the fifth task waited for one of the four workers to be free."""
    snippet = "snippets/processes/multiprocessing_pool_schedule.py"
    again = build_then_edit(
        mini_site, "processes/pool", snippet, "workers: int = 4", "workers: int = 5"
    )
    assert again.returncode != 0
    names_page_snippet_and_sentence(
        again.stderr,
        snippet,
        "the_fifth_waited_for_a_free_worker",
        "waited for a worker to become free",
    )


def test_an_exit_status_a_sleeper_that_ends_first_is_not_terminated(mini_site: MiniSite):
    """processes/terminate says `sleeper`, ended by terminate(), has exit code -15."""
    snippet = "snippets/processes/multiprocessing_terminate_zombie.py"
    # `sleeper` now works no longer than `finisher`: it has ended by itself, with exit code 0,
    # before the program terminates it.
    again = build_then_edit(
        mini_site, "processes/terminate", snippet, "long: float = 30.0", "long: float = 0.0"
    )
    assert again.returncode != 0
    names_page_snippet_and_sentence(
        again.stderr,
        snippet,
        "finisher_exited_0_sleeper_minus_15",
        "The last line gives the exit codes: 0 for `finisher`, -15 for `sleeper`",
    )


def test_a_start_method_difference_a_script_that_always_forks_never_fails(mini_site: MiniSite):
    """processes/start-methods says the unguarded script fails under spawn and forkserver."""
    snippet = "snippets/processes/multiprocessing_spawn_no_guard.py"
    # The script now uses fork whatever start method the run asks for.
    again = build_then_edit(
        mini_site,
        "processes/start-methods",
        snippet,
        'UNGUARDED_SCRIPT.replace("START_METHOD", repr(start_method))',
        'UNGUARDED_SCRIPT.replace("START_METHOD", repr("fork"))',
    )
    assert again.returncode != 0
    names_page_snippet_and_sentence(
        again.stderr,
        snippet,
        "the_unguarded_work_is_never_done",
        "In the spawn and forkserver tabs the work was never done",
    )
    assert "· spawn" in again.stderr and "· forkserver" in again.stderr  # both runs are named
