"""A page's sentences about its runs, bound to them: figures filled in, each checked, none unrun.

In a page's Markdown, a paragraph (or list item) that states something about a block's runs
ends with the names of the statements it makes (`statements`), on a line of its own or at the
end of its last line, and shows figures read from the run by name:

    The first `join(0.5)` returned `None` after {{ first_wait }} s, the child still alive.
    {: says="first_join_returned_none child_alive_after_first_join" }

`bind` reads each such sentence against the runs of the blocks it is about (every interpreter
and start method in each statement's scope):

- each figure is the text the statement reads from the first run in its scope;
- a statement that does not hold is a problem naming the page, snippet, run and sentence (the
  plugin logs it as a warning, which fails a strict build; one about timing says how many times
  it was measured) and the page shows, under the sentence, in its language, that it does not
  hold;
- a statement the machine could not show (`CannotShow`) is replaced by the reason, in the
  page's language;
- a sentence about runs this build did not have (3.14 on a machine without it) is left out,
  and the block it is about says which runs were missing (`render`).

The marker becomes the paragraph's class (`run-said`), so the built site can tell a bound
sentence from free text.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from . import matrix
from .launch import Run as Result
from .matrix import Combination
from .statements import Judgement, Statement, judge

MARKER = re.compile(r'[ \t]*\{:\s*says="(?P<names>[^"]*)"\s*\}[ \t]*$')
FIGURE = re.compile(r"\{\{\s*(?P<name>\w+)\s*\}\}")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")
FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})")
WORDS = {
    "zh": {
        "false": "构建时核对：上面这句话与运行结果不符（{where}）。",
        "cannot": "这台机器显示不了",
        "would": "本页在这里要说明的是：",
    },
    "en": {
        "false": "Checked when the site was built: the sentence above does not hold ({where}).",
        "cannot": "This machine cannot show it",
        "would": "What this page would say here: ",
    },
}

# The runs of a snippet on the page being rendered: (what ran, what it did), main run first.
Runs = Callable[[str], Sequence[tuple[Combination, Result]]]


@dataclass
class Bound:
    """A page's Markdown with its sentences bound, and what binding found."""

    markdown: str
    problems: list[str] = field(default_factory=list)  # for the build log, one per failure
    hidden: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # snippet ->
    # the scopes of sentences left out for lack of runs
    sentences: int = 0  # bound sentences on the page


def bind(
    markdown: str,
    statements: dict[str, Statement],
    runs_of: Runs,
    language: str,
    *,
    notebook: bool = False,
) -> Bound:
    """`markdown` with every sentence that names statements bound to the runs (module doc).

    A notebook's Markdown cell is rendered by nbconvert, which knows neither admonitions nor
    attribute lists: for one (`notebook`), notes are written as HTML and the marker just goes.
    """
    lines = markdown.split("\n")
    bound = Bound(markdown)
    output: list[str] = []
    in_fence = False
    start = 0  # where the current paragraph began in `output`
    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
        marker = None if in_fence else MARKER.search(line)
        if marker is None:
            if not line.strip():
                start = len(output) + 1
            elif LIST_ITEM.match(line):
                start = len(output)
            output.append(line)
            continue
        text = line[: marker.start()]
        if text.strip():
            output.append(text)
        indent = re.match(r"\s*", line)[0] if not text.strip() else ""
        paragraph = output[start:]
        del output[start:]
        names = marker["names"].split()
        output.extend(
            _bound(paragraph, names, indent, statements, runs_of, language, bound, notebook)
        )
        start = len(output)
    bound.markdown = "\n".join(output)
    return bound


def _bound(
    paragraph: list[str],
    names: list[str],
    indent: str,
    statements: dict[str, Statement],
    runs_of: Runs,
    language: str,
    bound: Bound,
    notebook: bool,
) -> list[str]:
    """The lines that show `paragraph`, which says `names` (see `bind`)."""
    words = WORDS.get(language, WORDS["en"])
    sentence = " ".join(line.strip() for line in paragraph)
    figures = FIGURE.findall(sentence)
    unknown = [name for name in [*names, *figures] if name not in statements]
    if unknown:
        bound.problems.append(f"names no statement of this page: {', '.join(unknown)}")
        return paragraph
    judgements: list[Judgement] = []
    for name in dict.fromkeys([*names, *figures]):
        statement = statements[name]
        try:
            runs = runs_of(statement.block.snippet)
        except KeyError as missing:
            bound.problems.append(f"{name}: {missing.args[0]}")
            return paragraph
        in_scope = [
            (combination, result)
            for combination, result in runs
            if statement.scope.holds_for(combination)
        ]
        if not in_scope:  # about runs this build did not have: left out
            bound.hidden[statement.block.snippet].add(statement.scope.describe())
            return []
        checked = in_scope[:1] if statement.figure else in_scope
        judgements += [
            judge(statement, result, combination, language) for combination, result in checked
        ]
    bound.sentences += 1
    values = {j.statement.name: j.value for j in judgements if j.statement.figure}
    shown = [FIGURE.sub(lambda m: _shown(values[m[1]]), line) for line in paragraph]
    cannot = [j for j in judgements if j.holds is None]
    if cannot:
        # Line breaks kept: the page joins them as it joins all prose (no space between two
        # Chinese characters: cjk_line_breaks), where a space here would stay.
        why = "\n".join(dict.fromkeys(j.why.get(language) or j.why["en"] for j in cannot))
        would = words["would"] + "\n".join(line.strip() for line in shown)
        return _note("info", words["cannot"], [why, would], indent, notebook)
    false = [j for j in judgements if j.holds is False]
    for judgement in false:
        bound.problems.append(
            f"snippet {judgement.statement.block.snippet} on "
            f"{matrix.full(judgement.combination, 'en')}: the page says "
            f'"{_plain(sentence)}" ({judgement.statement.name}), '
            f"which does not hold: {judgement.seen}{_measured(judgement)}"
        )
    marked = shown if notebook else [*shown, f"{indent}{{: .run-said }}"]
    alone = FIGURE.fullmatch(sentence.strip())
    if alone and isinstance(values.get(alone["name"]), Markup):
        marked = ["", str(values[alone["name"]]), ""]  # a table or chart: a block of its own
    if false:
        where = "; ".join(
            dict.fromkeys(
                f"{matrix.full(j.combination, language)}: {j.statement.name}" for j in false
            )
        )
        note = words["false"].format(where=where)
        marked += ["", *_note("failure", "", [note], indent, notebook)]
    return marked


def _shown(value: Any) -> str:
    """A figure in the page: HTML as it is (a table, a chart), text escaped and marked."""
    if isinstance(value, Markup):
        return str(value)
    return f'<span class="run-figure">{html.escape(str(value))}</span>'


def _note(kind: str, title: str, paragraphs: list[str], indent: str, notebook: bool) -> list[str]:
    """An admonition: Python-Markdown's syntax on a page, HTML in a notebook's cell."""
    if notebook:
        heading = f'<p class="admonition-title">{html.escape(title)}</p>' if title else ""
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        return [f'<div class="admonition {kind}">{heading}{body}</div>']
    lines = [f'{indent}!!! {kind} "{title}"']
    for text in paragraphs:
        lines += ["", *(f"{indent}    {line}" for line in text.split("\n"))]
    return lines


def _measured(judgement: Judgement) -> str:
    """For a statement about timing: how many times the build measured before giving up."""
    if not judgement.about_timing:
        return ""
    return f" (measured {judgement.attempts} time{'s' * (judgement.attempts != 1)})"


def _plain(sentence: str) -> str:
    return re.sub(r"\s+", " ", FIGURE.sub(lambda m: f"{{{{ {m[1]} }}}}", sentence)).strip()
