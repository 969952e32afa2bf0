"""Hooks that change what a build does behind the pages, or where a page's lines may wrap: each
keeps the result the same (what a reader reads, what search indexes)."""

from __future__ import annotations

import re
from html import unescape

import markdown
from conftest import ROOT, mkdocs_config
from inline_code_breaks import add_breaks
from material.plugins.search.plugin import Parser
from search_copy import search_copy


def site_markdown() -> markdown.Markdown:
    config = mkdocs_config()
    return markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )


def indexed_text(html: str) -> list[tuple[str, str]]:
    """What Material's search takes from `html`: each section's title and text."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [("".join(s.title).strip(), "".join(s.text).strip()) for s in parser.data]


def test_search_indexes_the_same_text_from_plain_code_in_its_copy() -> None:
    config = mkdocs_config()
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    source = (ROOT / "snippets" / "processes" / "os_fork.py").read_text(encoding="utf-8")
    html = md.convert(f"# Fork\n\nSome <span>text</span>.\n\n```python\n{source}```\n\nMore.\n")
    plain = search_copy(html)
    assert indexed_text(plain) == indexed_text(html)
    assert plain.count("<") < html.count("<") / 3  # Pygments' spans: most of the tags go
    assert "__codelineno" not in html and "__span" not in html  # no anchor, span per line
    assert "<span>text</span>" in plain  # outside code blocks, nothing changes


def test_long_inline_code_may_wrap_only_between_the_parts_of_a_name() -> None:
    html = site_markdown().convert(
        "Call `loop.set_task_factory(asyncio.eager_task_factory)`, or "
        '`sysconfig.get_config_var("Py_GIL_DISABLED")` and `sys._is_gil_enabled()`; '
        "`obj.__init__(self, *args, **kwargs) -> None ...` is 0.25 s.\n\n"
        "```python\nloop.set_task_factory(asyncio.eager_task_factory)\n```\n"
    )
    broken = add_breaks(html)
    inline = broken.split("<pre")[0]
    parts = [unescape(code).split("<wbr>") for code in re.findall(r"<code>(.*?)</code>", inline)]
    assert parts == [
        ["loop.", "set_", "task_", "factory(", "asyncio.", "eager_", "task_", "factory)"],
        ["sysconfig.", "get_", "config_", "var(", '"Py_', "GIL_", 'DISABLED")'],
        # Short code fits a line whole; no break next to a dunder, a space or a closing bracket.
        ["sys._is_gil_enabled()"],
        ["obj.__init__(self, *args, **kwargs) -> None ..."],
    ]
    assert broken.split("<pre")[1] == html.split("<pre")[1]  # code blocks as they were
    assert indexed_text(broken) == indexed_text(html)


def test_a_cached_template_renders_as_a_fresh_one(tmp_path) -> None:
    """The theme's templates come from the bytecode cache once compiled, rendering the same."""
    import jinja2
    import template_cache

    class Config:
        config_file_path = str(tmp_path / "mkdocs.yml")

    theme = mkdocs_config().theme
    rendered = []
    for _ in range(2):  # the first compiles and stores, the second loads the stored code
        env = template_cache.on_env(theme.get_env(), Config(), None)
        assert isinstance(env.bytecode_cache, jinja2.FileSystemBytecodeCache)
        rendered.append(env.get_template("partials/copyright.html").render(config=mkdocs_config()))
    assert list((tmp_path / ".cache" / "jinja").iterdir())
    assert rendered[0] == rendered[1]
