"""What a page says of its runs: predicates and figures, evaluated on every run they are about.

A page's statements live in `statements/<page>.py` (for `docs/<page>.zh.md` and `.en.md`), once
for both languages; each sentence lives in its language's page, naming the statement it makes.

    # statements/processes/join.py
    from snippet_runner.statements import Block

    join = Block("snippets/processes/multiprocessing_join_timeout.py")
    FIRST = r"join\\((?P<timeout>[\\d.]+)\\) returned (?P<returned>\\w+) after (?P<s>[\\d.]+) s"

    @join.says
    def first_join_returned_none(run):
        return run.find(FIRST)["returned"] == "None"

    @join.figure
    def first_wait(run):
        return run.find(FIRST)["s"]

    # docs/processes/join.en.md, after the block:
    The first `join(0.5)` returned `None` after {{ first_wait }} s.
    {: says="first_join_returned_none" }

A statement is a predicate over one run: its printed output (read as a reader reads it: `find`,
`find_all`, `number`), its exit status, its timeline (`snippet_runner.timeline`), what ran it
(`version`, `free_threaded`, `start_method`) and what the runner saw of the machine meanwhile
(`free_cores`). It may say on which runs it is about (`on=` start methods, `python=` versions,
`free_threaded=`); it is checked on each run of its block in that scope, on every interpreter
and start method the block ran on. A statement about timing is run again (as measurements
are) before its contradiction fails the build: one that reads what the machine did beside the
program (`sampled`, `free_cores`) is about timing by what it reads; another says so
(`about_timing=True`). A predicate may `raise CannotShow(zh=, en=)`:
the machine could not show it (one free core), and the page says so instead of the sentence.
A figure is text rendered from the run (the first run in its scope) into the sentence; one
that returns `markupsafe.Markup` (a table, a chart, worded in `run.language`) stands as a
paragraph of its own: `{{ name }}` alone, with its `{: says=… }` line.

`bind` turns a page's Markdown into what it shows: figures filled in, each sentence checked
(a contradiction is a warning that names page, snippet, run and sentence, and fails a strict
build), a sentence whose runs this build lacks left out (the block then says which runs it did
not have).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .launch import Run as Result
from .matrix import Combination

# ------------------------------------------------------------------ the authors' side


class CannotShow(Exception):
    """The machine could not show what the statement says (say why, in both languages)."""

    def __init__(self, *, zh: str, en: str) -> None:
        super().__init__(en)
        self.why = {"zh": zh, "en": en}


UNEVEN = 1.15  # the same work's CPU time one way over another's, beyond which speeds differed
FREE = 1.6  # free cores, on average, a run needs to show work done on two cores at once


def same_work_same_cost(one: float, other: float) -> None:
    """Unless the same computation cost about the same CPU time two ways (`one` and `other`
    seconds, within UNEVEN), their wall times cannot be compared: a virtual machine's speed can
    change by more than that from one run to the next. The same words for every run, so a
    page with several runs says it once."""
    if not 1 / UNEVEN <= one / other <= UNEVEN:
        raise CannotShow(
            zh="构建本页的机器在测量时快慢不一：同样的计算在两种做法下用掉的 CPU 时间相差太多，"
            "两种做法的墙钟时间无法公平地比较。",
            en="The machine that built this page ran at uneven speed during the measurement: the "
            "same computation cost too different CPU times the two ways for their wall times to "
            "compare fairly.",
        )


class Unreadable(Exception):
    """The output does not have what the statement reads from it."""


@dataclass(frozen=True)
class Scope:
    """The runs a statement is about: start methods, a range of versions, the GIL."""

    methods: frozenset[str] = frozenset()  # empty: any
    python: str = ""  # ">=3.14", "<3.13.8", ">=3.13.8,<3.14", "" (any)
    free_threaded: bool | None = None

    def holds_for(self, combination: Combination) -> bool:
        if self.methods and combination.method not in self.methods:
            return False
        threaded = combination.interpreter.free_threaded
        if self.free_threaded is not None and threaded != self.free_threaded:
            return False
        return version_in(combination.interpreter.version, self.python)

    def describe(self) -> str:
        parts = [self.python] if self.python else []
        if self.free_threaded is not None:
            parts.append("free-threaded" if self.free_threaded else "with the GIL")
        parts += sorted(self.methods)
        return " ".join(parts) or "every run"


def version_in(version: str, bounds: str) -> bool:
    """Whether `version` ("3.13.8") is within `bounds` (">=3.13.8,<3.14"; "" for any)."""
    have = _numbers(version)
    for bound in filter(None, (part.strip() for part in bounds.split(","))):
        match = re.fullmatch(r"(>=|<=|<|>|==)\s*([\d.]+)", bound)
        if match is None:
            raise ValueError(f"not a version bound: {bound!r} (e.g. >=3.14, <3.13.8)")
        want = _numbers(match[2])
        mine = have[: len(want)] if match[1] == "==" else have
        if not {
            ">=": mine >= want,
            "<=": mine <= want,
            "<": mine < want,
            ">": mine > want,
            "==": mine == want,
        }[match[1]]:
            return False
    return True


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


@dataclass
class Statement:
    """A named predicate (or figure) over one run of a block."""

    name: str
    read: Callable[[Run], Any]
    scope: Scope
    block: Block
    figure: bool = False
    about_timing: bool = False


class Block:
    """What a page says of one block's runs (the block shows `snippet`)."""

    def __init__(self, snippet: str) -> None:
        self.snippet = snippet
        self.statements: dict[str, Statement] = {}

    def says(
        self,
        read: Callable[[Run], bool] | None = None,
        *,
        on: str = "",
        python: str = "",
        free_threaded: bool | None = None,
        about_timing: bool = False,
    ):
        """Decorate a predicate: the page may say its name (`{: says="name" }`)."""
        return self._add(read, on, python, free_threaded, about_timing, figure=False)

    def figure(
        self,
        read: Callable[[Run], Any] | None = None,
        *,
        on: str = "",
        python: str = "",
        free_threaded: bool | None = None,
    ):
        """Decorate a figure read from the run: the page may show it (`{{ name }}`)."""
        return self._add(read, on, python, free_threaded, False, figure=True)

    def _add(self, read, on, python, free_threaded, about_timing, *, figure):
        version_in("3.0.0", python)  # a bad bound fails when the page's statements load
        scope = Scope(frozenset(on.split()), python, free_threaded)

        def add(function: Callable[[Run], Any]) -> Callable[[Run], Any]:
            name = function.__name__
            self.statements[name] = Statement(name, function, scope, self, figure, about_timing)
            return function

        return add(read) if read is not None else add


class Notebook(Block):
    """What a lab says of its notebook's run: `Notebook("docs/labs/threads.ipynb")` stands for
    both languages' notebooks (`threads.zh.ipynb`, `threads.en.ipynb`), which share their code.
    A statement reads one cell's output with `run.cell("cell-id")`."""


# ------------------------------------------------------------------ a run, as statements read it


class Run:
    """One run of a block, as a statement reads it."""

    def __init__(self, result: Result, combination: Combination, language: str = "en") -> None:
        self.result = result
        self.combination = combination
        self.language = language  # the page's: a figure may word what it draws in it
        # Whether the statement read what the machine did beside the program (the sampler's
        # looks, the free cores): what a busy moment changes, so it is about timing.
        self.read_the_machine = False

    @property
    def output(self) -> str:
        """What it printed, stdout and stderr interleaved, as the page shows it (a notebook's:
        what its cells printed, in order)."""
        if self.result.report is not None:
            return "".join(self.cell(ident) for ident in self.result.report.get("ids", []))
        return self.result.output

    @property
    def lines(self) -> list[str]:
        return self.output.splitlines()

    def cell(self, ident: str) -> str:
        """What a notebook's code cell (its id) printed: its streams and its text results."""
        report = self.result.report or {}
        if ident not in report.get("ids", []):
            raise Unreadable(f"the notebook has no code cell {ident!r}")
        outputs = report["cells"][report["ids"].index(ident)]
        return "".join(_text_of(output) for output in outputs)

    @property
    def returncode(self) -> int | None:
        return self.result.returncode

    @property
    def timeline(self) -> dict:
        if not self.result.timeline:
            raise Unreadable("the run has no timeline (it was not recorded)")
        return self.result.timeline

    @property
    def sampled(self) -> dict:
        """The timeline, its lanes sampled from outside: when each thread was on a CPU and what
        it waited for (`snippet_runner.oncpu` reads them). Where the machine does not say what
        a thread waits for, the statement cannot be shown (`CannotShow`)."""
        self.read_the_machine = True
        timeline = self.timeline
        if (timeline.get("sampled") or {}).get("waits_from") is None:
            raise CannotShow(
                zh="这台机器不告诉程序外面的人一个线程在等什么（/proc 里读不到）。",
                en="This machine does not tell what a thread waits for (its /proc does not).",
            )
        return timeline

    @property
    def version(self) -> tuple[int, ...]:
        """The interpreter's version: (3, 13, 0)."""
        return _numbers(self.combination.interpreter.version)

    @property
    def free_threaded(self) -> bool:
        return self.combination.interpreter.free_threaded

    @property
    def start_method(self) -> str:
        return self.combination.method

    @property
    def free_cores(self) -> float:
        """Cores the rest of the machine left free during the run, on average (the runner's
        count, from outside the program)."""
        self.read_the_machine = True
        machine = self.result.machine or {}
        if not machine:
            raise Unreadable("the runner did not see the machine during this run")
        others = max(0.0, machine["busy"] - machine["cpu"]) / max(machine["wall"], 1e-9)
        return max(0.0, machine["cpus"] - others)

    def unless_busy(
        self, held: bool, *, zh: str, en: str, free: float = FREE, starved: bool = False
    ) -> bool:
        """`held`, where it holds, or where the machine left the run `free` cores (and its lanes
        were not `starved` of a CPU); else the machine was too busy to show it, and the page says
        so in the words given (`{cpus}` and `{free}`, the run's, filled in) instead."""
        if held:
            return True
        cpus = (self.result.machine or {}).get("cpus", 0)
        if cpus >= 2 and self.free_cores >= free and not starved:
            return False
        words = {"zh": zh, "en": en}
        raise CannotShow(
            **{lang: text.format(cpus=cpus, free=self.free_cores) for lang, text in words.items()}
        )

    def find(self, pattern: str) -> re.Match[str]:
        """The first line that matches `pattern` (a regular expression)."""
        for line in self.lines:
            if (match := re.search(pattern, line)) is not None:
                return match
        raise Unreadable(f"no line of the output matches {pattern!r}")

    def find_all(self, pattern: str, count: int | None = None) -> list[re.Match[str]]:
        """Every line that matches `pattern`; exactly `count` of them, if given."""
        found = [m for line in self.lines if (m := re.search(pattern, line)) is not None]
        if count is not None and len(found) != count:
            raise Unreadable(f"{len(found)} lines match {pattern!r}, not {count}")
        return found

    def number(self, pattern: str, group: int | str = 1) -> float:
        """A number the output prints: group `group` of the first line matching `pattern`."""
        return float(self.find(pattern)[group])


def _text_of(output: dict) -> str:
    """A notebook output's text, as the page shows it."""
    if output.get("output_type") == "stream":
        text = output.get("text", "")
    elif output.get("output_type") == "error":
        text = "\n".join(output.get("traceback", []))
    else:
        text = output.get("data", {}).get("text/plain", "")
    return "".join(text) if isinstance(text, list) else text


# ------------------------------------------------------------------ loading a site's statements


@dataclass
class Judgement:
    """A statement on one run: it holds (True), does not (False), or cannot be shown (None)."""

    statement: Statement
    combination: Combination
    holds: bool | None
    seen: str = ""  # what the run showed instead, or why it could not be read
    why: dict[str, str] = field(default_factory=dict)  # why it cannot be shown
    value: Any = ""  # a figure: its text, or HTML (markupsafe.Markup: a table, a chart)
    attempts: int = 1  # the block's runs in all, this one the last (`plan` runs it again)
    about_timing: bool = False  # said so, or read what the machine did (`Run.read_the_machine`)


def judge(
    statement: Statement, result: Result, combination: Combination, language: str = "en"
) -> Judgement:
    """`statement` on one run (a figure read for a page in `language`)."""
    run = Run(result, combination, language)

    def on_run(holds: bool | None, **found: Any) -> Judgement:
        timing = statement.about_timing or run.read_the_machine
        return Judgement(
            statement, combination, holds, attempts=result.attempts, about_timing=timing, **found
        )

    try:
        value = statement.read(run)
    except CannotShow as cannot:
        return on_run(None, why=cannot.why)
    except Exception as error:  # a line it reads is missing: what the run printed differs
        return on_run(False, seen=f"{type(error).__name__}: {error}")
    if statement.figure:
        return on_run(True, value=value)
    return on_run(bool(value), seen="" if value else "it is false")


class Statements:
    """Every page's statements: by page, and by the snippet they read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages: dict[str, dict[str, Statement]] = {}  # "processes/join" -> name -> it
        self.errors: list[str] = []
        folder = root / "statements"
        for module in sorted(folder.rglob("*.py")) if folder.is_dir() else []:
            if module.name == "__init__.py":
                continue
            page = module.relative_to(folder).with_suffix("").as_posix()
            try:
                self.pages[page] = _load(module, page)
            except Exception as error:  # a page's statements that do not load: say which
                self.errors.append(f"{module.relative_to(root)}: {type(error).__name__}: {error}")

    def of_page(self, page: str) -> dict[str, Statement]:
        return self.pages.get(page, {})

    def about(self, snippet: str) -> Iterator[Statement]:
        """Every statement, on any page, about runs of `snippet` ("snippets/x/y.py")."""
        for statements in self.pages.values():
            for statement in statements.values():
                if statement.block.snippet == snippet:
                    yield statement


def _load(module: Path, page: str) -> dict[str, Statement]:
    name = "statements_of_" + re.sub(r"\W", "_", page)
    spec = importlib.util.spec_from_file_location(name, module)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {module}")
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[name] = loaded
    spec.loader.exec_module(loaded)
    found: dict[str, Statement] = {}
    for value in vars(loaded).values():
        if isinstance(value, Block):
            for statement in value.statements.values():
                if statement.name in found:
                    raise ValueError(f"two statements named {statement.name}")
                found[statement.name] = statement
    return found
