"""A block as the page shows it: markdown-exec's formatter for ```python exec="1"``` fences.

markdown-exec's own Python executor runs code inside the MkDocs process (no `__main__`, lost
fork output, no timeout, no cache); `install()` puts this formatter in its place (its
`formatters` dict is the extension point). Output and source are shown as tabs labelled in
the page's language, the output first, and under every output a line says what it ran on. A
block run across a matrix shows one output per group of runs that printed the same, in tabs
when they differ. Text a snippet prints for each language ({{zh:…|en:…}}) becomes the page's.
A block that failed also shows, in that language, what went wrong.
"""

from __future__ import annotations

import html
import logging
import re
import textwrap
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from . import claims, drawing, fences, matrix
from .build import failure, out_of_memory, state
from .launch import Run, format_size
from .matrix import Combination
from .snippet import ROOT

log = logging.getLogger("mkdocs.plugins.snippet_runner")

TAB_LABELS = {"zh": ("源代码", "运行结果"), "en": ("Source", "Output")}
MISSING_MARK = "# snippet file not found: "
# What a page shows of a run stopped for printing too much: its start.
SHOWN_LINES, SHOWN_CHARS = 200, 32 * 1024

NOTES = {
    "zh": {
        "title": "构建时这段程序没有通过",
        "timeout": "它在 {timeout:g} 秒后仍未结束，已被终止。",
        "output": "它的输出超过了 {limit} 的上限，已被立即终止；下面只显示输出的开头。",
        "memory": "它用完了内存上限（每个进程 {limit}），以退出码 {code} 结束。",
        "code": "它以退出码 {code} 结束（应为 {expected}）。",
        "left": "它结束时留下了 {others} 个仍在运行的进程，这些进程已被终止。",
        "lost": "没有得到它如何结束的报告；它的进程已被终止。",
        "others": "它启动的其他 {others} 个进程也已被终止。",
        "claims": "测量了 {attempts} 次，数字仍与本页的结论相矛盾：{listed}",
        "checked": "构建时已用这次测量核对本页的结论",
        "claim": "{claim}（测得：{figures}）",
        "separator": "；",
        "not_shown": "这台机器显示不了",
    },
    "en": {
        "title": "This program failed when the site was built",
        "timeout": "It was still running after {timeout:g} s and was killed.",
        "output": "It printed more than its {limit} limit and was stopped at once; below is the "
        "start of what it printed.",
        "memory": "It ran out of its memory limit ({limit} per process) and exited with "
        "code {code}.",
        "code": "It exited with code {code} (expected {expected}).",
        "left": "It left {others} {processes} running when it ended, killed since.",
        "lost": "No report came of how it ended; its processes were killed.",
        "others": " The {others} other {processes} it had started were killed too.",
        "claims": "Measured {attempts} times, its figures still contradict the page: {listed}",
        "checked": "What this page claims, checked against this measurement when it was built",
        "claim": "{claim} (measured {figures})",
        "separator": "; ",
        "not_shown": "This machine cannot show it",
    },
}


def install() -> None:
    import markdown_exec

    markdown_exec.formatters["python"] = format_python
    markdown_exec.formatters["py"] = format_python


def note(result: Run, block: fences.Block, language: str) -> str:
    """An admonition saying, in the page's language, why the block failed."""
    words = NOTES.get(language, NOTES["en"])
    kind = result.ending if result.ending in ("timeout", "output", "left", "lost") else "code"
    if kind == "code" and out_of_memory(result):
        kind = "memory"
    elif kind == "code" and result.returncode == block.returncode:
        kind = "claims"  # what else fails a run that ended as expected
    others = len(result.killed)
    template = words[kind] + (words["others"] if others and kind in ("timeout", "output") else "")
    text = template.format(
        timeout=block.limits.timeout,
        others=others,
        processes="process" if others == 1 else "processes",
        limit=format_size(block.limits.memory if kind == "memory" else block.limits.output),
        code=result.returncode,
        expected=block.returncode,
        attempts=result.attempts,
        listed=words["separator"].join(
            claim_line(claim, language) for claim in claims.contradicted(result.claims)
        ),
    )
    return (
        f'<div class="admonition failure"><p class="admonition-title">{words["title"]}</p>'
        f"<p>{html.escape(text)}</p></div>"
    )


def claim_line(claim: dict, language: str) -> str:
    words = NOTES.get(language, NOTES["en"])
    return words["claim"].format(
        claim=claims.text(claim, "claim", language), figures=claims.text(claim, "figures", language)
    )


def checked_claims(result: Run, language: str) -> str:
    """Under a measurement that passed: the claims it settled, and those it could not show."""
    words = NOTES.get(language, NOTES["en"])
    html_parts = []
    for claim in result.claims:
        if claim.get("holds") is None:
            html_parts.append(
                f'<div class="admonition info"><p class="admonition-title">{words["not_shown"]}'
                f"</p><p>{html.escape(claims.text(claim, 'why', language))}</p></div>"
            )
    held = [claim for claim in result.claims if claim.get("holds") is True]
    if held:
        items = "".join(f"<li>{html.escape(claim_line(claim, language))}</li>" for claim in held)
        html_parts.append(
            f'<details class="success"><summary>{words["checked"]}</summary><ul>{items}</ul>'
            "</details>"
        )
    return "".join(html_parts)


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


def caption(group: Sequence[Combination], language: str, show_method: bool) -> str:
    text = matrix.ran_on(group, language, show_method=show_method)
    return f'<p class="snippet-ran">{html.escape(text)}</p>'


def timeline_figure(
    block: fences.Block, combination: Combination, run: Run, language: str, show_method: bool
) -> str:
    """The run's timeline, with the link to its trace file (or nothing).

    It goes under the block, whichever tab the reader has open; a block run across a matrix
    shows its main run's, and says which that is.
    """
    drawn = run.drawn.get(language) if block.timeline else None
    if not drawn:
        return ""
    which = matrix.full(combination, language, show_method=show_method)
    about = {"snippet": str(block.script.relative_to(ROOT)), "ran_on": which}
    key = state.key_of(block.script, combination)
    return drawn.replace(drawing.TRACE_LINK, state.trace_link(key, run, about)).replace(
        drawing.ABOUT, html.escape(f" · {which}") if block.matrix else ""
    )


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


def format_python(code: str, md: Any, **options: Any) -> str:
    """markdown-exec formatter for ```python exec="1"``` blocks.

    pymdownx.superfences shows a block whose formatter raised as plain code, silently: an
    error here is logged as a warning instead, which fails a strict build.
    """
    try:
        return _format_python(code, md, **options)
    except Exception:
        log.exception("page %s: the snippet runner failed to render a block", state.page)
        raise


def _format_python(code: str, md: Any, **options: Any) -> str:
    from markdown_exec import base_format, default_tabs

    extra = options.setdefault("extra", {})
    # Options of this runner, not markdown-exec's: read them, and keep them out of the page.
    run_options = {name: str(extra.pop(name)) for name in fences.RUN_OPTIONS if name in extra}
    output_mode = extra.pop("output", "text")
    if options.get("source") in ("", None):
        options["source"] = "tabbed-right"  # the output first: what ran is what the page is about
    elif options["source"] == "no":
        options["source"] = ""
    language = state.language
    if tuple(options.get("tabs", default_tabs)) == default_tabs:
        options["tabs"] = TAB_LABELS.get(language, TAB_LABELS["en"])
    page = state.page
    notes: list[str] = []
    figures: list[str] = []  # its timeline, under the block

    def run(_code: str, returncode: int = 0, **_: Any) -> str:
        if code.strip().startswith(MISSING_MARK):
            return code.strip()  # on_page_markdown has warned
        script = state.snippet_of(code)
        if script is None:
            log.warning(
                "page %s: an executed python block is not a file under snippets/ "
                '(include one with --8<-- "snippets/…")',
                page,
            )
            return "(not run: not a snippet file)"
        block = fences.block_of(script, {**run_options, "returncode": returncode}, state.limits)
        axes, unknown = matrix.axes_of(run_options.get("matrix", ""))
        relpath = str(script.relative_to(ROOT))
        if unknown:
            state.failed.add(relpath)
            log.warning(
                'page %s, snippet %s: matrix="%s": unknown %s (it takes %s)',
                page,
                relpath,
                run_options["matrix"],
                ", ".join(unknown),
                " and ".join(matrix.AXES),
            )
        show_method = "start-methods" in axes or bool(
            USES_PROCESSES.search(script.read_text(encoding="utf-8"))
        )
        runs = state.results_of(block)
        shown_outputs = []
        for number, (combination, result) in enumerate(runs):
            problem = failure(result, block)
            if problem is None:
                if number == 0:
                    notes.append(checked_claims(result, language))
                shown_outputs.append((combination, result.output, True))
                if number == 0:
                    figures.append(
                        timeline_figure(block, combination, result, language, show_method)
                    )
                continue
            state.failed.add(relpath)
            details = textwrap.indent(tail(result.stderr), "  ")
            where = f" on {matrix.short(combination, 'en', show_method=show_method)}" * bool(
                block.matrix
            )
            log.warning(
                "page %s, snippet %s%s: %s%s",
                page,
                relpath,
                where,
                problem,
                f"\n{details}" * bool(details),
            )
            # The warning fails a strict build; under `mkdocs serve` the page says what happened.
            notes.append(note(result, block, language))
            shown_outputs.append(
                (combination, shown(result.output, result.ending == "output"), False)
            )
        return shown_runs(shown_outputs, language, output_mode == "markdown", show_method)

    options["result"] = ""  # the output is Markdown: fenced here, with its caption
    rendered = base_format(language="python", run=run, code=code, md=md, **options)
    return rendered + Markup("".join(figures + notes))
