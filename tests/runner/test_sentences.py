"""Sentences bound to runs (`statements`, `sentences`): read from the run, checked on every run in
scope, left out for runs the build lacks, and a contradiction named."""

from __future__ import annotations

import textwrap

import pytest
from minisite import MiniSite, block
from snippet_runner import sentences
from snippet_runner.interpreters import Interpreter
from snippet_runner.launch import Run as Result
from snippet_runner.matrix import Combination
from snippet_runner.statements import Block, CannotShow, Run, Scope, judge, version_in

PY313 = Interpreter("3.13", "/p/3.13", "3.13.0", "3.13.0", False, "fork")
PY314T = Interpreter("3.14t", "/p/3.14t", "3.14.2", "3.14.2", True, "forkserver")
SNIPPET = "snippets/x.py"


def result(output: str, returncode: int = 0) -> Result:
    return Result(output=output, stderr="", returncode=returncode, duration=0.1)


def statements_of(block: Block) -> dict:
    return dict(block.statements)


def test_version_bounds_and_scopes() -> None:
    assert version_in("3.13.8", ">=3.13.8,<3.14") and not version_in("3.13.0", ">=3.13.8")
    assert (
        version_in("3.14.2", ">=3.14")
        and version_in("3.15.0", "")
        and version_in("3.13.0", "==3.13")
    )
    with pytest.raises(ValueError, match="not a version bound"):
        version_in("3.13.0", "newer")
    assert Scope(frozenset({"spawn", "forkserver"})).holds_for(Combination(PY313, "spawn"))
    assert not Scope(frozenset({"spawn"})).holds_for(Combination(PY313))  # fork, its default
    assert Scope(free_threaded=True).holds_for(Combination(PY314T))
    assert not Scope(python=">=3.14").holds_for(Combination(PY313))


def test_a_run_is_read_as_a_reader_reads_its_output() -> None:
    run = Run(result("waited 0.61 s\nexit 0\nwaited 1.20 s\n"), Combination(PY313))
    assert run.find(r"waited ([\d.]+)")[1] == "0.61" and run.number(r"waited ([\d.]+)") == 0.61
    assert [m[1] for m in run.find_all(r"waited ([\d.]+)", count=2)] == ["0.61", "1.20"]
    assert (run.version, run.start_method, run.free_threaded) == ((3, 13, 0), "fork", False)
    with pytest.raises(Exception, match="no line of the output matches"):
        run.find("never printed")
    with pytest.raises(Exception, match="2 lines match"):
        run.find_all(r"waited", count=3)


def test_unless_busy_says_a_busy_machine_could_not_show_it() -> None:
    """A statement that did not hold is false where the machine left the run the cores it
    needed, and says why it cannot show it elsewhere, with the run's own figures."""

    def on(busy: float, cpus: int = 2) -> Run:  # the rest of the machine kept `busy` cores
        ran = result("")
        ran.machine = {"wall": 1.0, "busy": busy + 1.0, "cpu": 1.0, "cpus": cpus}
        return Run(ran, Combination(PY313))

    words = {"zh": "只剩 {free:.1f} 个（共 {cpus} 个）", "en": "{free:.1f} of {cpus} free"}
    assert on(busy=1.9).unless_busy(True, **words) is True
    assert on(busy=0.1).unless_busy(False, **words) is False
    with pytest.raises(CannotShow):  # 1.9 cores free, where the statement needs 1.95
        on(busy=0.1).unless_busy(False, free=1.95, **words)
    with pytest.raises(CannotShow) as busy:
        on(busy=1.0).unless_busy(False, **words)
    assert busy.value.why == {"zh": "只剩 1.0 个（共 2 个）", "en": "1.0 of 2 free"}
    with pytest.raises(CannotShow):
        on(busy=0.1).unless_busy(False, starved=True, **words)
    with pytest.raises(CannotShow):
        on(busy=0.0, cpus=1).unless_busy(False, **words)


def test_a_statement_that_reads_the_machine_is_about_timing_by_what_it_reads() -> None:
    """What the machine did beside the program (the sampler's looks, the free cores) changes
    with load: a statement that reads it is measured again before it fails, flagged or not."""
    page = Block(SNIPPET)

    @page.says
    def printed(run: Run) -> bool:
        return run.find("done") is not None

    @page.says
    def had_the_cores(run: Run) -> bool:
        return run.free_cores >= 1.5

    @page.says
    def on_a_cpu(run: Run) -> bool:
        return bool(run.sampled)

    @page.says(about_timing=True)
    def said_so(run: Run) -> bool:
        return run.find("done") is not None

    ran = result("done\n")
    ran.machine = {"wall": 1.0, "busy": 1.0, "cpu": 1.0, "cpus": 2}
    ran.timeline = {"processes": [], "sampled": {"waits_from": "syscall"}}
    timing = {
        name: judge(s, ran, Combination(PY313)).about_timing for name, s in page.statements.items()
    }
    assert timing == {"printed": False, "had_the_cores": True, "on_a_cpu": True, "said_so": True}


def page_block() -> Block:
    page = Block(SNIPPET)

    @page.figure
    def wait(run: Run) -> str:
        return run.find(r"waited ([\d.]+)")[1]

    @page.says
    def waited_at_least_half_a_second(run: Run) -> bool:
        return run.number(r"waited ([\d.]+)") >= 0.5

    @page.says(on="spawn forkserver")
    def imported_again(run: Run) -> bool:
        return "imported again" in run.output

    @page.says(python=">=3.14")
    def lazy(run: Run) -> bool:
        return "lazy" in run.output

    @page.says
    def cores(run: Run) -> bool:
        raise CannotShow(zh="只有一个空闲核心。", en="Only one core was free.")

    return page


def bound(text: str, runs, language: str = "en", **kwargs) -> sentences.Bound:
    return sentences.bind(
        textwrap.dedent(text), statements_of(page_block()), lambda _: runs, language, **kwargs
    )


def test_a_figure_is_read_from_the_run_and_the_sentence_marked_as_bound() -> None:
    runs = [(Combination(PY313), result("waited 0.61 s\n"))]
    out = bound(
        """
        Intro.

        It waited {{ wait }} s, never less than half a second.
        {: says="waited_at_least_half_a_second" }

        Outro.
        """,
        runs,
    )
    assert not out.problems and out.sentences == 1
    assert 'It waited <span class="run-figure">0.61</span> s, never less' in out.markdown
    assert "{: .run-said }" in out.markdown and "says=" not in out.markdown
    assert "Intro." in out.markdown and "Outro." in out.markdown


def test_a_statement_that_does_not_hold_on_one_run_of_its_scope_is_named() -> None:
    runs = [
        (Combination(PY313, "fork"), result("waited 0.6\n")),
        (Combination(PY313, "spawn"), result("waited 0.6\nimported again\n")),
        (Combination(PY313, "forkserver"), result("waited 0.6\n")),
    ]
    out = bound(
        '- Under spawn and forkserver it ran again. {: says="imported_again" }\n', runs, "zh"
    )
    [problem] = out.problems
    assert problem.startswith(f"snippet {SNIPPET} on CPython 3.13.0 · forkserver: the page says")
    assert '"- Under spawn and forkserver it ran again."' in problem
    assert "(imported_again), which does not hold" in problem
    assert "上面这句话与运行结果不符" in out.markdown  # the page says so, in its language


def test_a_sentence_about_runs_the_build_lacks_is_left_out() -> None:
    runs = [(Combination(PY313), result("waited 0.6\n"))]
    out = bound('Before.\n\nOn 3.14, lazily. {: says="lazy" }\n\nAfter.\n', runs)
    assert "lazily" not in out.markdown and "Before." in out.markdown and "After." in out.markdown
    assert out.hidden == {SNIPPET: {">=3.14"}} and not out.problems


def test_what_the_machine_cannot_show_is_said_instead_in_both_kinds_of_page() -> None:
    runs = [(Combination(PY313), result("waited 0.6\n"))]
    page = bound('It kept two cores busy.\n{: says="cores" }\n', runs, "zh")
    assert '!!! info "这台机器显示不了"' in page.markdown and "只有一个空闲核心。" in page.markdown
    cell = bound('It kept two cores busy.\n{: says="cores" }\n', runs, "en", notebook=True)
    assert cell.markdown.startswith('<div class="admonition info">') and "Only one core" in (
        cell.markdown
    )
    assert "{: " not in cell.markdown


def test_a_sentence_naming_no_statement_is_a_problem() -> None:
    out = bound('It is fast. {: says="fast" }\n', [])
    assert out.problems == ["names no statement of this page: fast"]


def test_code_fences_are_left_alone() -> None:
    text = '```markdown\nA sentence. {: says="wait" }\n```\n'
    assert bound(text, []).markdown.strip() == text.strip()


def test_a_build_missing_an_interpreter_shows_no_sentence_about_it_and_says_so(
    mini_site: MiniSite,
) -> None:
    """mkdocs.yml lists 3.99, which no machine has: the sentence about it is left out and the
    block says which runs this build did not have, in each language."""
    mini_site.settings(interpreters='["3.99", "3.13", "3.12"]')
    snippet = mini_site.snippet("version.py", "import sys\n\nprint(sys.version_info[:2])\n")
    (mini_site.root / "statements" / "index.py").write_text(
        textwrap.dedent(
            f"""
            from snippet_runner.statements import Block

            version = Block({snippet!r})


            @version.says(python=">=3.99")
            def future(run):
                return "(3, 99)" in run.output


            @version.says
            def printed_a_version(run):
                return run.output.startswith("(3, ")
            """
        )
    )
    body = block(snippet, matrix="interpreters")
    body += '\nIt printed a version. {: says="printed_a_version" }\n'
    body += '\nOn 3.99 it printed the future. {: says="future" }\n'
    mini_site.page("index", body)
    build = mini_site.build()
    assert build.returncode == 0, build.stderr
    en, zh = mini_site.html("index", "en"), mini_site.html("index", "zh")
    assert 'class="run-said">It printed a version.' in en and "the future" not in en
    assert "This build did not run it on 3.99; the published site shows those runs" in en
    assert "这次构建没有在 3.99 上运行它" in zh


def test_a_snippet_whose_sentence_turns_false_fails_the_strict_build_naming_both(
    mini_site: MiniSite,
) -> None:
    snippet = mini_site.snippet("count.py", "print('workers: 4')\n")
    (mini_site.root / "statements" / "index.py").write_text(
        textwrap.dedent(
            f"""
            from snippet_runner.statements import Block

            count = Block({snippet!r})


            @count.says
            def four_workers(run):
                return run.number(r"workers: (\\d+)") == 4
            """
        )
    )
    mini_site.page("index", block(snippet) + '\nFour workers. {: says="four_workers" }\n')
    assert mini_site.build().returncode == 0
    (mini_site.root / snippet).write_text("print('workers: 5')\n")
    build = mini_site.build()
    assert build.returncode != 0
    for language in ("zh", "en"):
        assert (
            f"page index.{language}.md: snippet {snippet} on CPython" in build.stderr
            and 'the page says "Four workers." (four_workers), which does not hold' in build.stderr
        ), build.stderr[-2000:]


def test_a_chinese_sentence_over_several_lines_keeps_its_line_breaks() -> None:
    """A sentence the machine cannot show, quoted in the note, keeps the lines it was written
    in: the page joins them as all its prose (no space between two Chinese characters), where
    a space put here would stay."""
    runs = [(Combination(PY313), result("waited 0.6\n"))]
    page = bound('两个核心\n一直在忙，\nbusy cores\nall along。\n{: says="cores" }\n', runs, "zh")
    assert "两个核心\n    一直在忙，\n    busy cores\n    all along。" in page.markdown
    assert "两个核心 一直" not in page.markdown
