"""How a run ended, classified once: the build log's sentence and the page's note both come here.

A run of a block's snippet or of a lab notebook is one of: passed, exited with another code
than expected, ran out of memory, timed out, printed past its output limit, left processes
running, or lost (its supervisor never reported). The first that applies is the verdict, in
that order: a run stopped for a limit is reported for the limit, not for the exit code the stop
gave it. What a page says of a run that ended well is checked, and worded, by `sentences`.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field

from .launch import Limits, Run, format_size

KINDS = (
    "passed", "lost", "timeout", "output", "processes", "disk", "cell", "dead", "code", "memory",
    "left",
)  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    """A run's outcome: its kind (KINDS) and what the sentences about it need."""

    kind: str
    limits: Limits = field(default_factory=Limits)
    returncode: int | None = None
    expected: int = 0
    killed: tuple[str, ...] = ()
    subject: str = "program"  # or "notebook": what the note's title names
    error: str = ""  # what a notebook's failing cell raised

    @property
    def passed(self) -> bool:
        return self.kind == "passed"

    def log(self) -> str:
        """One sentence for the build log, in English (None of this for a run that passed)."""
        others = len(self.killed)
        also = f" and the {others} other {_processes(others)} it had started" * bool(others)
        if self.subject == "notebook" and self.kind in NOTEBOOK_LOG:
            return (
                NOTEBOOK_LOG[self.kind]
                .format(
                    timeout=self.limits.timeout,
                    output=format_size(self.limits.output),
                    memory=format_size(self.limits.memory),
                    error="\n".join(self.error.strip().splitlines()[-25:]),
                )
                .rstrip()
            )
        if self.kind == "timeout":
            return f"timed out after {self.limits.timeout:g} s; killed it{also}"
        if self.kind == "output":
            return (
                f"printed more than its output limit of {format_size(self.limits.output)}; "
                f'stopped it{also} (a block may set output_limit="…")'
            )
        if self.kind == "lost":
            return "the supervisor never reported how the run ended; its processes were killed"
        if self.kind == "processes":
            return (
                f"had more than {self.limits.processes} processes at once; stopped it{also} "
                '(a block may set processes="…")'
            )
        if self.kind == "disk":
            return (
                f"filled its folder past {format_size(self.limits.disk)}; stopped it{also} "
                '(a block may set disk_limit="…")'
            )
        if self.kind == "memory":
            return (
                f"exited with code {self.returncode} (expected {self.expected}): it ran out of "
                f"memory, {format_size(self.limits.memory)} per process "
                f'(a block may set memory_limit="…")'
            )
        if self.kind == "code":
            return f"exited with code {self.returncode} (expected {self.expected})"
        if self.kind == "left":
            listed = "; ".join(textwrap.shorten(command, 80) for command in self.killed)
            return f"left {others} {_processes(others)} running, killed: {listed}"
        return "passed"

    def note(self, language: str) -> str:
        """An admonition saying, in the page's language, why the run failed."""
        words = NOTES.get(language, NOTES["en"])
        others = len(self.killed)
        title = words["title" if self.subject == "program" else "notebook_title"]
        template = words[self.kind]
        if self.subject == "notebook":
            template = words.get(f"notebook_{self.kind}", template)
        if others and self.kind in ("timeout", "output", "processes", "disk"):
            template += words["others"]
        text = template.format(
            timeout=self.limits.timeout,
            others=others,
            processes=_processes(others),
            limit=format_size(
                {"memory": self.limits.memory, "disk": self.limits.disk}.get(
                    self.kind, self.limits.output
                )
            ),
            processes_limit=self.limits.processes,
            code=self.returncode,
            expected=self.expected,
        )
        error = f"<pre><code>{html.escape(self.error.strip())}</code></pre>" * bool(self.error)
        return (
            f'<div class="admonition failure"><p class="admonition-title">{title}</p>'
            f"<p>{html.escape(text)}</p>{error}</div>"
        )


# A notebook's failures, for the log: a cell's limits, not the whole run's (`notebook_worker`).
NOTEBOOK_LOG = {
    "timeout": "a cell ran longer than {timeout:g} s; its kernel was stopped",
    "output": "its cells printed more than its output limit of {output}; its kernel was killed",
    "memory": "a cell ran out of memory, {memory} per process\n{error}",
    "cell": "{error}",
    "dead": "its kernel died while a cell ran",
}


def verdict_of(run: Run, limits: Limits, expected: int = 0) -> Verdict:
    """The verdict on `run` of a block (or notebook) that expects exit code `expected`."""
    kind = "passed"
    problem = (run.report or {}).get("problem") or {}
    if run.ending in ("lost", "timeout", "output", "processes", "disk"):
        kind = run.ending
    elif problem.get("kind") in ("timeout", "output"):
        kind = problem["kind"]  # a notebook's cell timed out, or its cells printed too much
    elif problem.get("kind") == "error":
        kind = "memory" if out_of_memory(problem.get("text", "")) else "cell"
    elif problem.get("kind") == "dead":
        # A kernel at its memory ceiling may die before it can raise MemoryError in the cell.
        kind = "memory" if out_of_memory(run.stderr) else "dead"
    elif run.returncode != expected:
        kind = "memory" if out_of_memory(run.stderr) else "code"
    elif run.ending == "left":
        kind = "left"
    elif len(run.output.encode()) > limits.output:
        kind = "output"
    return Verdict(
        kind,
        limits,
        returncode=run.returncode,
        expected=expected,
        killed=tuple(run.killed),
        subject="notebook" if run.report is not None else "program",
        error=problem.get("text", "") if kind in ("cell", "memory") else "",
    )


OUT_OF_MEMORY = re.compile(
    r"^MemoryError\b|Cannot allocate memory|std::bad_alloc|out of memory", re.M
)


def out_of_memory(stderr: str) -> bool:
    """A process of the run failed to get memory (Python's MemoryError, or the C library's)."""
    return bool(OUT_OF_MEMORY.search(stderr))


def _processes(count: int) -> str:
    return "process" if count == 1 else "processes"


NOTES = {
    "zh": {
        "title": "构建时这段程序没有通过",
        "notebook_title": "构建时这个 notebook 没有通过",
        "cell": "它的一个单元格抛出了异常：",
        "notebook_timeout": "一个单元格运行超过了 {timeout:g} 秒，它的内核已被停止。",
        "notebook_output": "它的单元格输出超过了 {limit} 的上限，它的内核已被立即终止。",
        "notebook_memory": "一个单元格用完了内存上限（每个进程 {limit}）：",
        "dead": "一个单元格运行时，它的内核意外退出了。",
        "timeout": "它在 {timeout:g} 秒后仍未结束，已被终止。",
        "output": "它的输出超过了 {limit} 的上限，已被立即终止；下面只显示输出的开头。",
        "memory": "它用完了内存上限（每个进程 {limit}），以退出码 {code} 结束。",
        "code": "它以退出码 {code} 结束（应为 {expected}）。",
        "left": "它结束时留下了 {others} 个仍在运行的进程，这些进程已被终止。",
        "lost": "没有得到它如何结束的报告；它的进程已被终止。",
        "processes": "它同时拥有的进程超过了 {processes_limit} 个的上限，已被立即终止。",
        "disk": "它在自己的文件夹里写入的文件超过了 {limit} 的上限，已被终止。",
        "others": "它启动的其他 {others} 个进程也已被终止。",
        "passed": "",
    },
    "en": {
        "title": "This program failed when the site was built",
        "notebook_title": "This notebook failed when the site was built",
        "cell": "One of its cells raised an exception:",
        "notebook_timeout": "A cell ran longer than {timeout:g} s; its kernel was stopped.",
        "notebook_output": "Its cells printed more than the {limit} limit; its kernel was killed "
        "at once.",
        "notebook_memory": "A cell ran out of its memory limit ({limit} per process):",
        "dead": "Its kernel died while a cell ran.",
        "timeout": "It was still running after {timeout:g} s and was killed.",
        "output": "It printed more than its {limit} limit and was stopped at once; below is the "
        "start of what it printed.",
        "memory": "It ran out of its memory limit ({limit} per process) and exited with "
        "code {code}.",
        "code": "It exited with code {code} (expected {expected}).",
        "left": "It left {others} {processes} running when it ended, killed since.",
        "lost": "No report came of how it ended; its processes were killed.",
        "processes": "It had more than {processes_limit} processes at once and was stopped at "
        "once.",
        "disk": "The files it wrote in its own folder passed the {limit} limit; it was stopped.",
        "others": " The {others} other {processes} it had started were killed too.",
        "passed": "",
    },
}
