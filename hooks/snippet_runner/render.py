"""A block as the page shows it: the formatter of ```python exec="1"``` fences, in its language.

markdown-exec's own Python executor runs code inside the MkDocs process (no `__main__`, lost
fork output, no timeout, no cache); the plugin puts `format_block` in its place (markdown-exec's
`formatters` dict is the extension point), with the build's session and the page being
rendered. Output and source are shown as tabs labelled in the page's language, the output
first, and under every output a line says what it ran on. A block run across a matrix shows one
output per group of runs that printed the same, in tabs when they differ. Text a snippet prints
for each language ({{zh:…|en:…}}) becomes the page's. A block that failed also shows, in that
language, what went wrong (`outcome`). Under the output, the run's timeline is drawn, from the
cached run, and kept apart from it (`cache`): a change to the drawing draws again, it runs
nothing. The runs come first (their warnings and notes are every build's); the Markdown that
shows them is converted to HTML once and kept (`converted`).
"""

from __future__ import annotations

import functools
import html
import logging
import re
import textwrap
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from . import cache, converted, drawing, fences, matrix, outcome, timeline
from .launch import Limits, Run
from .matrix import Combination
from .pages import PageContext
from .session import Session
from .snippet import ROOT

log = logging.getLogger("mkdocs.plugins.snippet_runner")

TAB_LABELS = {"zh": ("源代码", "运行结果"), "en": ("Source", "Output")}
MISSING_MARK = "# snippet file not found: "
# What a page shows of a run stopped for printing too much: its start.
SHOWN_LINES, SHOWN_CHARS = 200, 32 * 1024


def shown(output: str, truncated: bool) -> str:
    """What a page shows of a run's output: all of it, or the start of a flood."""
    if not truncated:
        return output
    head = "\n".join(output[:SHOWN_CHARS].splitlines()[:SHOWN_LINES])
    return f"{head}\n…"


def tail(text: str, lines: int = 40) -> str:
    """The end of what a run wrote to stderr (where a traceback ends), for the build log."""
    kept = text[-SHOWN_CHARS:].rstrip().splitlines()[-lines:]
    return "\n".join(kept)


# What a snippet prints for each language, e.g. a chart's title: {{zh:秒数|en:Seconds}}.
IN_EACH_LANGUAGE = re.compile(r"\{\{zh:(?P<zh>[^|}]*)\|en:(?P<en>[^}]*)\}\}")


def localised(output: str, language: str) -> str:
    """`output` with each {{zh:…|en:…}} replaced by its text in `language`."""
    return IN_EACH_LANGUAGE.sub(lambda m: m[language if language in ("zh", "en") else "en"], output)


# A snippet whose output depends on the start method (its label names it).
USES_PROCESSES = re.compile(r"\bmultiprocessing\b|ProcessPoolExecutor")


def fenced(text: str) -> str:
    """A run's output as a fenced block (class snippet-output), whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{{.text .snippet-output}}\n{text.rstrip(chr(10))}\n{fence}"


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def caption(group: Sequence[Combination], language: str, show_method: bool) -> str:
    """The line under an output that says what it ran on: a paragraph of its own (class
    snippet-ran), written in Markdown, since the tab it sits in is Markdown too."""
    text = matrix.ran_on(group, language, show_method=show_method)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text) + "\n{: .snippet-ran }"


def drawn(key: str, recorded: dict, language: str) -> str:
    """The run's timeline drawn for a page in `language`: from the drawings' cache, or now."""
    found = cache.load_drawing(key, language)
    if found is None:
        found = drawing.draw(recorded, language, f"tl-{key[:10]}")
        cache.store_drawing(key, language, found)
    return found


def timeline_figure(
    session: Session,
    page: PageContext,
    block: fences.Block,
    combination: Combination,
    run: Run,
    show_method: bool,
) -> str:
    """The run's timeline, with the link to its trace file (or nothing).

    It goes under the block, whichever tab the reader has open; a block run across a matrix
    shows its main run's, and says which that is.
    """
    if not (block.timeline and run.timeline and timeline.lanes(run.timeline) > 1):
        return ""
    key = session.key_of(block.script, combination)
    which = matrix.full(combination, page.language, show_method=show_method)
    about = {"snippet": str(block.script.relative_to(ROOT)), "ran_on": which}
    link = session.trace_link(key, run, about, page.url)
    return (
        drawn(key, run.timeline, page.language)
        .replace(drawing.TRACE_LINK, link)
        .replace(drawing.ABOUT, html.escape(f" · {which}") if block.matrix else "")
    )


MISSING = {
    "zh": "这次构建没有在 {names} 上运行它；发布的站点上有这些运行，以及本页对它们的说明。",
    "en": "This build did not run it on {names}; the published site shows those runs, and "
    "what this page says of them.",
}
LIST_WORDS = {"zh": ("、", "和"), "en": (", ", " or ")}


def missing_runs(runs: Session, page: PageContext, block: fences.Block) -> str:
    """A line under a block whose runs this build lacks: an interpreter its matrix would run
    on, or one a sentence of the page is about (left out here: `sentences`)."""
    snippet = block.script.relative_to(ROOT).as_posix()
    machine = runs.machine
    wanted = [name for name in machine.missing if _version_of(name) >= block.requires]
    if "interpreters" not in block.matrix:
        if snippet not in page.hidden:
            return ""
        # One interpreter: the newest listed that may run it (here, one the machine lacks).
        newest = next((n for n in machine.listed if _version_of(n) >= block.requires), None)
        wanted = [newest] if newest in machine.missing else wanted
    if not wanted:
        return ""
    comma, last = LIST_WORDS.get(page.language, LIST_WORDS["en"])
    names = comma.join(wanted[:-1]) + last + wanted[-1] if len(wanted) > 1 else wanted[0]
    text = MISSING.get(page.language, MISSING["en"]).format(names=names)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text) + "\n{: .snippet-missing }"


def _version_of(name: str) -> tuple[int, int]:
    return fences.version_of(name.rstrip("t"))


def shown_runs(
    runs: Sequence[tuple[Combination, str, bool]], language: str, markdown: bool, show_method: bool
) -> str:
    """The output part of a block: one output per group of runs that printed the same."""
    groups = matrix.grouped(runs)
    output_of = {id(combination): output for combination, output, _ in runs}

    def one(group: list[Combination]) -> str:
        output = localised(output_of[id(group[0])], language)
        body = output if markdown else fenced(output)
        return f"{body}\n\n{caption(group, language, show_method)}"

    if len(groups) == 1:
        return one(groups[0])
    return "\n".join(
        f'=== "{matrix.tab_label(group, language, show_method=show_method)}"\n\n'
        + textwrap.indent(one(group), "    ")
        + "\n"
        for group in groups
    )


def _named_on_failure(format_block: Any) -> Any:
    """pymdownx.superfences shows a block whose formatter raised as plain code, silently: an
    error is logged as a warning naming the page instead, which fails a strict build."""

    @functools.wraps(format_block)
    def logged(code: str, md: Any, **options: Any) -> str:
        try:
            return format_block(code, md, **options)
        except Exception:
            log.exception(
                "page %s: the snippet runner failed to render a block", options["page"].source
            )
            raise

    return logged


@_named_on_failure
def format_block(
    code: str,
    md: Any,
    *,
    runs: Session,
    page: PageContext,
    limits: Limits,
    number: int,
    converter: str,
    **options: Any,
) -> str:
    """The formatter for ```python exec="1"``` blocks on `page`, with the runs of a session.

    `number` counts the page's executed blocks (their HTML ids start with it); `converter`
    says what turns Markdown into HTML on this site (`converted.converted_by`).
    (markdown-exec's own options include `session`, its name for shared state: the build
    session is `runs`.)
    """
    from markdown_exec import base_format, default_tabs

    if options.get("id_prefix") is None and not options.get("id"):
        # The page's own count, not markdown-exec's count over the whole build: the same block
        # gets the same ids in every build, so its HTML can be kept (`converted`).
        options["id_prefix"] = f"run-{number}--"
    extra = options.setdefault("extra", {})
    # Options of this runner, not markdown-exec's: read them, and keep them out of the page.
    run_options = {name: str(extra.pop(name)) for name in fences.RUN_OPTIONS if name in extra}
    output_mode = extra.pop("output", "text")
    if options.get("source") in ("", None):
        options["source"] = "tabbed-right"  # the output first: what ran is what the page is about
    elif options["source"] == "no":
        options["source"] = ""
    language = page.language
    if tuple(options.get("tabs", default_tabs)) == default_tabs:
        options["tabs"] = TAB_LABELS.get(language, TAB_LABELS["en"])
    notes: list[str] = []
    figures: list[str] = []  # its timeline, under the block

    def run(_code: str, returncode: int = 0, **_: Any) -> str:
        if code.strip().startswith(MISSING_MARK):
            return code.strip()  # the plugin has warned
        script = runs.snippet_of(code)
        if script is None:
            log.warning(
                "page %s: an executed python block is not a file under snippets/ "
                '(include one with --8<-- "snippets/…")',
                page.source,
            )
            return "(not run: not a snippet file)"
        relpath = str(script.relative_to(ROOT))
        try:
            block = fences.block_of(script, {**run_options, "returncode": returncode}, limits)
        except ValueError as error:
            runs.failed.add(relpath)
            log.warning("page %s, snippet %s: %s", page.source, relpath, error)
            return f"(not run: {error})"
        show_method = "start-methods" in block.matrix or bool(
            USES_PROCESSES.search(script.read_text(encoding="utf-8"))
        )
        shown_outputs = []
        for number, (combination, result) in enumerate(runs.results_of(block)):
            verdict = outcome.verdict_of(result, block.limits, block.returncode)
            if verdict.passed:
                if number == 0:
                    figures.append(
                        timeline_figure(runs, page, block, combination, result, show_method)
                    )
                shown_outputs.append((combination, result.output, True))
                continue
            runs.failed.add(relpath)
            details = textwrap.indent(tail(result.stderr), "  ")
            where = f" on {matrix.short(combination, 'en', show_method=show_method)}" * bool(
                block.matrix
            )
            log.warning(
                "page %s, snippet %s%s: %s%s",
                page.source,
                relpath,
                where,
                verdict.log(),
                f"\n{details}" * bool(details),
            )
            # The warning fails a strict build; under `mkdocs serve` the page says what happened.
            notes.append(verdict.note(language))
            shown_outputs.append(
                (combination, shown(result.output, result.ending == "output"), False)
            )
        shown_part = shown_runs(shown_outputs, language, output_mode == "markdown", show_method)
        missing = missing_runs(runs, page, block)
        return f"{shown_part}\n\n{missing}" if missing else shown_part

    options["result"] = ""  # the output is Markdown: fenced here, with its caption
    # Run first (the figures, notes and warnings are this build's), then convert, or not.
    output = run(code, returncode=options.get("returncode", 0))
    rendered = converted.html_of(
        converted.key_of(converter, code, options, output),
        lambda: base_format(
            language="python", run=lambda *_, **__: output, code=code, md=md, **options
        ),
        keep=converted.keeps(options, output),
    )
    return rendered + Markup("".join(figures + notes))
