"""A build session without MkDocs: each run once, what is cached and what not, the summary line."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest
from conftest import ROOT
from minisite import MiniSite, block, summary
from snippet_runner import cache
from snippet_runner.launch import Limits, Run
from snippet_runner.session import SUMMARY, Machine, Session
from test_render import CPYTHON


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "snippets")
    return Session(Machine([CPYTHON], ["3.99"]), Limits(), workers=1, notebook_limits=Limits())


def run(returncode: int = 0) -> Run:
    return Run(output="hi\n", stderr="", returncode=returncode, duration=1.5)


def test_a_run_happens_once_per_session_and_is_cached_if_it_passes(session: Session) -> None:
    calls: list[str] = []

    def fresh() -> Run:
        calls.append("run")
        return run()

    first = session.outcome("k1", "snippets/a.py", fresh, lambda r: r.returncode == 0)
    again = session.outcome("k1", "snippets/a.py", fresh, lambda r: r.returncode == 0)
    assert first is again and calls == ["run"]
    assert cache.load("k1") == first  # the next session finds it on disk
    later = Session(session.machine, Limits(), workers=1, notebook_limits=Limits())
    assert later.outcome("k1", "snippets/a.py", fresh, lambda r: True) == first
    assert calls == ["run"] and later.cached == {"k1"} and not later.ran


def test_a_failing_run_is_not_cached_so_the_next_build_runs_it_again(session: Session) -> None:
    session.outcome("k2", "snippets/b.py", lambda: run(1), lambda r: r.returncode == 0)
    assert cache.load("k2") is None


def test_a_run_started_ahead_is_waited_for_and_counted_as_run(session: Session) -> None:
    ahead: Future[Run] = Future()
    ahead.set_result(run())
    session.ahead["k3"] = ahead
    assert session.outcome("k3", "snippets/c.py", run, lambda r: True) is ahead.result()
    assert "k3" in session.ran and "k3" not in session.cached


def test_the_summary_counts_snippets_and_notebooks_apart(session: Session) -> None:
    session.outcome("a", "snippets/a.py", run, lambda r: True)
    session.outcome("n", "docs/labs/x.zh.ipynb", run, lambda r: True)
    session.failed.add("snippets/z.py")
    line = session.summary()
    found = SUMMARY.search(line)
    assert found, line
    assert (found["ran"], found["cached"], found["failed"]) == ("1", "0", "1")
    assert (found["notebooks_ran"], found["notebooks_cached"]) == ("1", "0")
    assert found["slowest"] == "snippets/a.py" and found["missing"] == "3.99"


def test_a_change_to_the_drawing_draws_again_and_runs_nothing(mini_site: MiniSite) -> None:
    """The timelines are drawn from cached runs at render time: a legend's new wording shows
    at the next build, and no snippet runs again for it."""
    code = (ROOT / "tests" / "runner" / "timeline_scripts" / "threads_and_tasks.py").read_text()
    mini_site.page("index", block(mini_site.snippet("lanes.py", code)))
    first = mini_site.build()
    assert first.returncode == 0, first.stderr
    assert summary(first)["ran"] == "1"
    drawing = mini_site.root / "hooks" / "snippet_runner" / "drawing.py"
    drawing.write_text(drawing.read_text().replace('"Lane"', '"Swim lane"'))
    again = mini_site.build()
    assert again.returncode == 0, again.stderr
    assert (summary(again)["ran"], summary(again)["cached"]) == ("0", "1")
    assert "Swim lane" in mini_site.html("index", "en")
