"""A real measuring page in a throw-away site: when its program's parameters change so that a
measured claim becomes false, the claim is measured again and the strict build fails naming the
page and the sentence; a false claim is never published (the mechanism itself:
tests/runner/test_sentences.py; the other kinds of sentence: test_bound_pages.py)."""

from __future__ import annotations

import re

import pytest
from minisite import MiniSite

SNIPPET = "snippets/choosing/models_measure.py"
ATTEMPTS = 3  # measurements in all before a contradiction fails the build (snippet_runner.plan)


def smaller(copied: dict, **defaults: str) -> None:
    """The measuring program with other defaults (`task_seconds="0.05"`): a quick run."""
    path = copied[SNIPPET]
    text = path.read_text(encoding="utf-8")
    for name, value in defaults.items():
        text, found = re.subn(rf"(\n    {name}: \w+ = )[^,]+,", rf"\g<1>{value},", text)
        assert found == 1, f"no parameter {name} in {SNIPPET}"
    path.write_text(text, encoding="utf-8")


def counting_runs(copied: dict, log) -> None:
    """The program notes each run in `log` (its main process only), so a test sees how many
    times the build measured."""
    path = copied[SNIPPET]
    text = path.read_text(encoding="utf-8")
    guard = 'if __name__ == "__main__":\n'
    assert text.count(guard) == 1
    noted = f"    with open({str(log)!r}, 'a') as runs:\n        runs.write('run\\n')\n"
    path.write_text(text.replace(guard, guard + noted), encoding="utf-8")


@pytest.mark.measure
def test_waits_that_cannot_overlap_fail_the_build_naming_page_and_sentence(
    mini_site: MiniSite,
) -> None:
    """One wait alone: asyncio and a thread per wait cannot be five times faster than it,
    however quiet or busy the machine (load only slows them down)."""
    copied = mini_site.copy_page("choosing/index")
    smaller(copied, waits="1", task_seconds="0.05", repeats="1")
    runs = mini_site.outside / "runs.log"  # a run can write nowhere in the site
    counting_runs(copied, runs)
    built = mini_site.build(timeout=600)
    assert built.returncode != 0, built.stderr[-3000:]
    assert runs.read_text().count("run") == ATTEMPTS  # measured again before it failed
    for language, sentence in (
        ("zh", "asyncio 在一个线程里让所有等待重叠"),
        ("en", "asyncio overlapped"),
    ):
        failed = [
            line
            for line in built.stderr.splitlines()
            if f"page index.{language}.md: snippet {SNIPPET}" in line and "(waits_overlap)" in line
        ]
        assert failed and sentence in failed[0], built.stderr[-3000:]
        assert "which does not hold" in failed[0]


@pytest.mark.measure
def test_a_process_pool_of_one_worker_is_never_published_as_faster(mini_site: MiniSite) -> None:
    """The process pool given one worker cannot beat one after another: where the machine had
    the cores to show it, the build fails naming page and sentence after measuring again;
    where it had not, the page says so instead of the sentence. Never the sentence itself."""
    copied = mini_site.copy_page("choosing/index")
    smaller(copied, task_seconds="0.1", repeats="1")
    path = copied[SNIPPET]
    text = path.read_text(encoding="utf-8")
    one_worker = text.replace(
        "ProcessPoolExecutor(tasks, mp_context=context), crunch, work",
        "ProcessPoolExecutor(1, mp_context=context), crunch, work",
    )
    assert one_worker != text
    path.write_text(one_worker, encoding="utf-8")
    built = mini_site.build(timeout=600)
    sentence = "as fast as one after another"
    if built.returncode != 0:
        failed = [line for line in built.stderr.splitlines() if "(processes_faster)" in line]
        assert failed and "page index.en.md: snippet " + SNIPPET in "\n".join(failed)
        assert any(sentence in line and "which does not hold" in line for line in failed)
    else:  # the machine was too busy to show it, every time it was measured
        page = mini_site.html("index", "en")
        assert "This machine cannot show it" in page
        assert not re.search(rf'<p class="run-said">[^<]*{sentence}', page)
