"""A block as a page shows it (`render`), on a bare Markdown instance with the site's extensions.

No build: the session holds the runs a test gives it, so what is tested is the rendering alone,
as markdown-exec tests its own formatters.
"""

from __future__ import annotations

import html
import itertools
import logging
import re
from pathlib import Path

import markdown
import markdown_exec
import pytest
from conftest import ROOT, mkdocs_config
from snippet_runner import cache, converted, drawing, pages, render
from snippet_runner.interpreters import Interpreter
from snippet_runner.launch import Limits, Run
from snippet_runner.matrix import Combination
from snippet_runner.session import Machine, Session

SNIPPET = "snippets/processes/os_getpid.py"
CPYTHON = Interpreter("3.13", "/usr/bin/python3.13", "3.13.0", "3.13.0 (main)", False, "fork")
OTHER = Interpreter("3.12", "/usr/bin/python3.12", "3.12.1", "3.12.1 (main)", False, "fork")


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.setattr(cache, "DRAWINGS_DIR", tmp_path / "drawings")
    monkeypatch.setattr(converted, "RENDERED_DIR", tmp_path / "rendered")
    return Session(Machine([CPYTHON, OTHER]), Limits(), workers=1, notebook_limits=Limits())


def given(session: Session, run: Run, interpreter: Interpreter = CPYTHON) -> None:
    """The session's result for SNIPPET on `interpreter`: `run`, as if it had run."""
    session.results[session.key_of(ROOT / SNIPPET, Combination(interpreter))] = run


def page_of(session: Session, body: str, language: str = "en") -> str:
    """`body` (Markdown) as a page in `language` renders it, with the site's extensions."""
    config = mkdocs_config()
    extension_configs = dict(config.mdx_configs)
    superfences = dict(extension_configs.get("pymdownx.superfences") or {})
    superfences["custom_fences"] = [
        {
            "name": name,
            "class": name,
            "validator": markdown_exec.validator,
            "format": markdown_exec.formatter,
        }
        for name in ("python", "py")
    ]
    extension_configs["pymdownx.superfences"] = superfences
    page = pages.PageContext(f"page.{language}.md", "page/", language)
    numbers = itertools.count(1)

    def formatter(code: str, md: markdown.Markdown, **options) -> str:
        return render.format_block(
            code,
            md,
            runs=session,
            page=page,
            limits=Limits(),
            number=next(numbers),
            converter=converted.converted_by(config.markdown_extensions, extension_configs),
            **options,
        )

    saved = dict(markdown_exec.formatters)
    markdown_exec.formatters["python"] = formatter
    try:
        md = markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=extension_configs
        )
        return md.convert(body)
    finally:
        markdown_exec.formatters.clear()
        markdown_exec.formatters.update(saved)


def block(**options: str) -> str:
    extra = "".join(f' {name}="{value}"' for name, value in options.items())
    source = (ROOT / SNIPPET).read_text(encoding="utf-8")
    return f'```python exec="1"{extra}\n{source}```\n'


def ran(output: str, **fields) -> Run:
    return Run(output=output, stderr="", returncode=0, duration=0.1, **fields)


@pytest.mark.parametrize(
    "language, labels, caption",
    [
        ("zh", ("运行结果", "源代码"), "运行于 CPython 3.13.0。"),
        ("en", ("Output", "Source"), "Ran on CPython 3.13.0."),
    ],
)
def test_a_passing_block_shows_its_output_first_with_what_it_ran_on(
    session: Session, language: str, labels: tuple[str, str], caption: str
) -> None:
    given(session, ran("pid 42\n"))
    page = page_of(session, block(), language)
    assert re.findall(r"<label[^>]*>([^<]*)</label>", page) == list(labels)
    assert "pid 42" in page
    assert f'<p class="snippet-ran">{caption}</p>' in page
    assert "admonition failure" not in page


def test_a_failing_block_shows_why_in_the_pages_language_and_warns(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    given(session, Run(output="boom\n", stderr="Traceback\nValueError: boom\n", returncode=1,
                       duration=0.1))  # fmt: skip
    with caplog.at_level(logging.WARNING):
        page = page_of(session, block(), "zh")
    assert "构建时这段程序没有通过" in page and "它以退出码 1 结束（应为 0）。" in page
    [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning.startswith(f"page page.zh.md, snippet {SNIPPET}: exited with code 1")
    assert "ValueError: boom" in warning
    assert SNIPPET in session.failed


def test_a_block_with_a_bad_option_is_not_run_and_the_warning_names_it(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        page = page_of(session, block(timeout="90"), "en")
    assert "not run" in page and not session.results
    assert any(
        f'page page.en.md, snippet {SNIPPET}: timeout="90": must be more than 0' in r.getMessage()
        for r in caplog.records
    )


def test_runs_that_printed_differently_get_a_tab_each_labelled_by_interpreter(
    session: Session,
) -> None:
    given(session, ran("3.13 says hello\n"), CPYTHON)
    given(session, ran("3.12 says goodbye\n"), OTHER)
    page = html.unescape(page_of(session, block(matrix="interpreters"), "en"))
    assert "3.13 says hello" in page and "3.12 says goodbye" in page
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", page)
    assert labels[:2] == ["Output", "Source"] and {"3.13", "3.12"} <= set(labels)


def test_a_timeline_is_drawn_at_render_time_once_then_read_from_its_own_cache(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    lanes = {
        "duration": 1000,
        "processes": [
            {
                "pid": 1, "ppid": 0, "name": "", "argv": "main.py", "start": 0, "end": 1000,
                "depth": 0, "greenlets": [],
                "ended": "exit", "children": [], "work": [], "holds": [], "tasks": [],
                "threads": [
                    {"tid": 2, "name": "w0", "start": 10, "end": 900},
                    {"tid": 3, "name": "w1", "start": 20, "end": 950},
                ],
            }
        ],
    }  # fmt: skip
    given(session, ran("done\n", timeline=lanes))
    first = page_of(session, block(), "en")
    assert "snippet-timeline" in first and "w0" in first

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(drawing, "draw", no_drawing)
    again = page_of(session, block(), "en")  # from the drawings' cache
    assert again == first
    assert list(cache.DRAWINGS_DIR.glob(f"*-{cache.DRAWN_BY}-en.html"))


def test_a_block_is_converted_to_html_once_and_its_runs_warn_every_build(
    session: Session, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    conversions = []
    convert = markdown_exec.base_format

    def counted(**options):
        conversions.append(options["code"])
        return convert(**options)

    monkeypatch.setattr(markdown_exec, "base_format", counted)
    given(session, Run(output="boom\n", stderr="ValueError: boom\n", returncode=1, duration=0.1))
    first = page_of(session, block(), "en")
    assert 'id="run-1--output"' in first  # the page's own count: the same ids every build
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        again = page_of(session, block(), "en")
    assert again == first and len(conversions) == 1
    assert any("exited with code 1" in r.getMessage() for r in caplog.records)
    # Another output or another language: converted anew.
    given(session, ran("pid 43\n"))
    assert "pid 43" in page_of(session, block(), "en") and len(conversions) == 2
    assert "pid 43" in page_of(session, block(), "zh") and len(conversions) == 3


@pytest.mark.parametrize(
    "output",
    [
        "## Results\n\nall done\n",  # its headings go to the page's toc as it converts
        '--8<-- "snippets/processes/os_getpid.py"\n',  # a file's content is not in the key
    ],
)
def test_a_block_made_from_more_than_its_key_is_converted_every_time(
    session: Session, output: str
) -> None:
    given(session, ran(output))
    first = page_of(session, block(output="markdown"), "en")
    assert "<h2" in first or "os.getpid()" in first
    assert not list(converted.RENDERED_DIR.glob("*.html"))
    assert page_of(session, block(output="markdown"), "en") == first
