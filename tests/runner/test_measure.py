"""Measurements: run with nothing of the build beside them, and measured again while what the
page says of their timing (`about_timing=True` statements) does not hold yet.

A measuring snippet or lab cell here counts its runs in a file outside the throw-away site, and
prints the count; its statements read the count, so a statement can fail the first time only.
"""

from __future__ import annotations

import json
import re
import textwrap

from minisite import Build, MiniSite, block, pre_texts, sleep_and_log
from snippet_runner.plan import ATTEMPTS

SENTENCES = {"zh": "横杆足够高。", "en": "The bar is high enough."}


def counting(runs_log: str) -> str:
    """Code that notes its run in `runs_log` and prints how many runs there have been."""
    return f"""
        from pathlib import Path

        log = Path({runs_log!r})
        with log.open("a") as runs:
            runs.write("run\\n")
        print(f"measured {{log.read_text().count('run')}} time(s)")
        """


def statements(mini_site: MiniSite, page: str, block_of: str, predicate: str) -> None:
    """statements/`page`.py: `high_enough`, about timing, whose body is `predicate`."""
    folder = mini_site.root / "statements"
    folder.mkdir(exist_ok=True)
    kind = "Notebook" if block_of.endswith(".ipynb") else "Block"
    (folder / f"{page}.py").write_text(
        textwrap.dedent(
            f"""
            from snippet_runner.statements import {kind}, CannotShow

            measured = {kind}({block_of!r})


            @measured.says(about_timing=True)
            def high_enough(run):
            """
        )
        + textwrap.indent(textwrap.dedent(predicate).strip(), "    ")
        + "\n",
        encoding="utf-8",
    )


def measuring_page(mini_site: MiniSite, predicate: str) -> str:
    """The home page measures, then says `high_enough` in each language; returns the log."""
    runs = mini_site.outside / "runs.log"
    path = mini_site.snippet("measure.py", counting(str(runs)))
    statements(mini_site, "index", path, predicate)
    for language, sentence in SENTENCES.items():
        body = block(path, alone="1") + f'\n{sentence}\n{{: says="high_enough" }}\n'
        mini_site.page("index", body, languages=(language,))
    return runs


def named_after_measuring(build: Build, where: str, measured: str) -> None:
    """The failed build's log names, for each language's `where` ("page index.{language}.md"),
    the sentence that did not hold on the runs of `measured`, after ATTEMPTS measurements."""
    for language, sentence in SENTENCES.items():
        assert re.search(
            rf"{re.escape(where.format(language=language))}: snippet {re.escape(measured)} "
            rf'on CPython [^\n]*: the page says "{re.escape(sentence)}" \(high_enough\), '
            rf"which does not hold: it is false \(measured {ATTEMPTS} times\)",
            build.stderr,
        ), build.stderr[-3000:]


def test_a_timing_statement_that_never_holds_fails_the_build_naming_page_and_sentence(
    mini_site: MiniSite,
) -> None:
    runs = measuring_page(mini_site, "return False")
    build = mini_site.build()
    assert build.returncode != 0
    assert runs.read_text().count("run") == ATTEMPTS  # measured again, then given up on
    named_after_measuring(build, "page index.{language}.md", "snippets/measure.py")
    assert "构建时核对：上面这句话与运行结果不符" in mini_site.html("index", "zh")
    assert "the sentence above does not hold" in mini_site.html("index", "en")


def test_a_timing_statement_that_holds_when_measured_again_passes_and_is_shown(
    mini_site: MiniSite,
) -> None:
    runs = measuring_page(mini_site, 'return run.number(r"measured (\\d+)") >= 2')
    build = mini_site.build()
    assert build.returncode == 0, build.stderr
    assert runs.read_text().count("run") == 2
    for language, sentence in SENTENCES.items():
        page = mini_site.html("index", language)
        assert "measured 2 time(s)" in pre_texts(page)[0]  # the output: the run that held
        assert re.search(rf'<p class="run-said">{re.escape(sentence)}</p>', page)
    assert (mini_site.build().returncode, runs.read_text().count("run")) == (0, 2)  # cached


def test_a_timing_statement_the_machine_cannot_show_is_measured_again_then_explained(
    mini_site: MiniSite,
) -> None:
    runs = measuring_page(mini_site, 'raise CannotShow(zh="只有一个核心。", en="One core only.")')
    build = mini_site.build()
    assert build.returncode == 0, build.stderr
    assert runs.read_text().count("run") == ATTEMPTS
    assert re.search(
        r'class="admonition info">.*这台机器显示不了.*只有一个核心。',
        mini_site.html("index", "zh"),
        re.S,
    )
    assert re.search(
        r'class="admonition info">.*cannot show it.*One core only\.',
        mini_site.html("index", "en"),
        re.S,
    )


def test_a_lab_whose_timing_statement_never_holds_fails_naming_it(mini_site: MiniSite) -> None:
    runs = mini_site.outside / "runs.log"
    mini_site.notebook("lab", textwrap.dedent(counting(str(runs))), tags=("measure",))
    for language, sentence in SENTENCES.items():  # each language's lab says it in its words
        path = mini_site.root / "docs" / f"lab.{language}.ipynb"
        notebook = json.loads(path.read_text(encoding="utf-8"))
        said = {
            "cell_type": "markdown",
            "metadata": {},
            "source": f'{sentence} {{: says="high_enough" }}',
        }
        notebook["cells"].append(said)
        path.write_text(json.dumps(notebook), encoding="utf-8")
    statements(mini_site, "lab", "docs/lab.ipynb", "return False")
    mini_site.page("index", "Home.\n")
    build = mini_site.build()
    assert build.returncode != 0
    assert runs.read_text().count("run") == ATTEMPTS  # the twins' shared code, measured again
    named_after_measuring(build, "notebook lab.{language}.ipynb", "docs/lab.ipynb")
    assert "构建时核对：上面这句话与运行结果不符" in mini_site.html("lab", "zh")


def test_a_lab_cell_tagged_measure_runs_with_nothing_of_the_build_beside_it(
    mini_site: MiniSite,
) -> None:
    times = mini_site.outside / "times.log"
    body = ""
    for name in ("a", "b"):
        body += block(mini_site.snippet(f"sleep_{name}.py", sleep_and_log(times, name, 2))) + "\n"
    mini_site.page("index", body)
    mini_site.notebook("lab", textwrap.dedent(sleep_and_log(times, "cell", 0.5)), tags=("measure",))
    build = mini_site.build()
    assert build.returncode == 0, build.stderr
    spans = [
        (name, float(a), float(b)) for name, a, b in map(str.split, times.read_text().splitlines())
    ]
    cells = [(a, b) for name, a, b in spans if name == "cell"]
    snippets = [(a, b) for name, a, b in spans if name != "cell"]
    assert len(cells) == 1 and len(snippets) == 2  # the labs' shared code once, each snippet once
    assert all(end <= start or begin >= stop for begin, end in cells for start, stop in snippets)


def test_pages_waiting_for_queued_runs_never_deadlock_with_a_measuring_cell(
    mini_site: MiniSite,
) -> None:
    # One snippet at a time, so most wait in the queue while the page waits for them; the
    # lab's measuring cell asks for the lock meanwhile: neither may wait for the other.
    mini_site.settings(workers="1")
    times = mini_site.outside / "times.log"
    body = ""
    for name in ("a", "b", "c"):
        body += block(mini_site.snippet(f"sleep_{name}.py", sleep_and_log(times, name, 1.5))) + "\n"
    mini_site.page("index", body)
    mini_site.notebook("lab", textwrap.dedent(sleep_and_log(times, "cell", 0.2)), tags=("measure",))
    build = mini_site.build(timeout=90)
    assert build.returncode == 0, build.stderr
    # The two languages' labs share their code: the cell ran once.
    assert sorted(line.split()[0] for line in times.read_text().splitlines()) == [
        "a",
        "b",
        "c",
        "cell",
    ]
