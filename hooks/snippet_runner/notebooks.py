"""The lab notebooks: run once per build by the runner, drawn by mkdocs-jupyter's converter.

A notebook's code (its code cells and their tags) is one run: the two languages' twins of a lab
share their code, so it runs once per build whatever the number of languages, and is cached
like a snippet's run, keyed by that code and the project modules it imports. It runs under the
supervisor with a snippet's limits, per cell (`notebook_worker.py`), on the interpreter running
MkDocs (its kernel is that environment's ipykernel).

mkdocs-static-i18n makes pages of Markdown files only: it keeps the current language's
notebook as a plain file. The plugin turns that file into a page of the current language
(`NotebookPage`), whose source is a copy of that language's notebook with the run's outputs,
written just before the page renders (`write_page`). mkdocs-jupyter's converter draws that
copy as HTML, with the table of contents and title it finds in it (`converted`), and the page
offers the copy for download (`download`). The converter is called, not mkdocs-jupyter's
plugin: the plugin's module imports nbconvert when MkDocs loads it, a second of every build,
while a lab's page is converted only when its notebook changed (`page_store` keeps it).
A run that failed shows on its page what went wrong, above the cells that ran.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown
from markdown.extensions.toc import TocExtension
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from . import cache, launch, matrix, outcome, page_store, plan, sentences, snippet
from .launch import Run
from .snippet import ROOT

if TYPE_CHECKING:
    from .session import Session

INTERPRETERS_VARIABLE = "SNIPPET_INTERPRETERS"  # the same as `session`'s
WORKER = Path(__file__).with_name("notebook_worker.py")
PAGES = ROOT / ".cache" / "notebook-pages"  # each language's notebook, with the run's outputs
MAGIC = re.compile(r"^\s*[%!].*$", re.M)  # IPython's magics and shell escapes: not Python
RAN_ON = {
    "zh": "本页的代码单元格在构建本站时运行于 {what}（Jupyter 内核），下面是那次运行的真实输出。",
    "en": "This page's code cells ran on {what} (a Jupyter kernel) when the site was built; "
    "the outputs below are from that run.",
}


def cells_of(notebook: Path) -> list[dict[str, Any]]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def text_of(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def code_of(notebook: Path) -> list[dict[str, Any]]:
    """What runs: each code cell's source and tags, in order."""
    return [
        {"source": text_of(cell), "tags": cell.get("metadata", {}).get("tags", [])}
        for cell in cells_of(notebook)
        if cell["cell_type"] == "code"
    ]


def key_of(notebook: Path, session: Session) -> str:
    """The run's cache key: its code (not its prose), what it imports, what runs it."""
    code = code_of(notebook)
    python = "\n".join(MAGIC.sub("", cell["source"]) for cell in code)
    runs_on = "\n".join(
        [
            sys.executable,
            sys.version,
            session.machine.start_method or "default",
            session.machine.variables[INTERPRETERS_VARIABLE],
            cache.digest_of(WORKER),
            json.dumps(code, sort_keys=True),
        ]
    )
    return cache.cache_key(notebook, runs_on=runs_on, source=python)


def notebooks_in(docs_dir: Path) -> list[Path]:
    return sorted(docs_dir.rglob("*.ipynb"))


def pending_runs(docs_dir: Path, session: Session) -> dict[str, plan.Pending]:
    """The uncached notebook runs the build needs, each once (twins with the same code once)."""
    needed: dict[str, plan.Pending] = {}
    for notebook in notebooks_in(docs_dir):
        key = key_of(notebook, session)
        if key not in needed and not cache.path_of(key).exists():
            needed[key] = plan.stored(
                key,
                _pending(notebook, session),
                lambda result: verdict(result, session).passed,
            )
    return needed


def _pending(notebook: Path, session: Session) -> plan.Pending:
    return lambda: run(notebook, session)


def limits_of(session: Session) -> launch.Limits:
    """A notebook's limits: a snippet's, per cell; the whole run gets `notebook_limits`."""
    return session.limits


def run(notebook: Path, session: Session) -> Run:
    """Execute `notebook`'s code cells; again while what its page says of their timing does
    not hold yet (`statements`).

    The worker holds the quiet lock itself (shared, and alone for a cell tagged "measure").
    """
    per_cell = limits_of(session)

    def once() -> Run:
        printed: list[str] = []
        result = snippet.execute(
            notebook,
            session.notebook_limits,
            start_method=session.machine.start_method,
            variables=session.machine.variables,
            command=[
                sys.executable,
                str(WORKER),
                str(notebook),
                str(int(per_cell.timeout)),
                str(per_cell.output),
            ],
            on_output=printed.append,
        )
        try:
            result.report = json.loads("".join(printed))
        except ValueError:
            result.report = {"cells": [], "counts": [], "problem": None}
        return result

    combination = kernel_combination(session)
    checks = [
        check
        for check in session.statements.about(shared_name(notebook))
        if check.scope.holds_for(combination)
    ]
    return plan.again_while_unsettled(once, 0, checks, combination)


def shared_name(notebook: Path) -> str:
    """What the statements call a lab's notebook, whatever its language: docs/labs/x.ipynb."""
    return re.sub(r"\.[a-z]{2}\.ipynb$", ".ipynb", notebook.relative_to(ROOT).as_posix())


def kernel_combination(session: Session) -> matrix.Combination:
    """What runs the notebooks' kernels: the interpreter running MkDocs."""
    from .interpreters import own

    return matrix.Combination(own(), session.machine.start_method)


def verdict(notebook: Run, session: Session) -> outcome.Verdict:
    """What the build says of a notebook's run: a cell's limit, or the whole run's."""
    problem = (notebook.report or {}).get("problem") or {}
    limits = limits_of(session) if problem else session.notebook_limits
    return outcome.verdict_of(notebook, limits)


def result_of(notebook: Path, session: Session) -> Run:
    """The notebook's run in this build: from this build, the disk cache, or fresh."""
    return session.outcome(
        key_of(notebook, session),
        str(notebook.relative_to(ROOT)),
        lambda: run(notebook, session),
        lambda result: verdict(result, session).passed,
    )


# ------------------------------------------------------------------ pages


class NotebookPage(File):
    """A lab notebook as a page of the current language's build, drawn by mkdocs-jupyter's
    converter.

    Its source (`abs_src_path`) is the copy of the notebook that carries the run's outputs
    (`write_page`); `notebook` is the notebook under docs/. It carries what mkdocs-static-i18n
    gives its own pages: its locale and its alternates (the same page in each language).
    """

    notebook: Path
    language: str

    def is_documentation_page(self) -> bool:
        return True


def page_of(notebook: Path, language: str, default: str, config: Any) -> NotebookPage:
    """The page of `notebook` (`labs/x.zh.ipynb`) in the build of `language`."""
    src_uri = notebook.relative_to(config.docs_dir).as_posix()
    stem = re.sub(r"\.[a-z]{2}\.ipynb$", "", src_uri)
    prefix = "" if language == default else f"{language}/"
    page = NotebookPage(
        src_uri,
        src_dir=None,
        dest_dir=config.site_dir,
        use_directory_urls=True,
        dest_uri=f"{prefix}{stem}/index.html",
    )
    page.generated_by = "snippet-runner"
    page.abs_src_path = str(PAGES / language / src_uri)
    page.notebook, page.language = notebook, language
    page.locale = page.locale_alternate_of = page.localization = language
    page.norm_src_uri = f"{stem}.ipynb"
    page.alternates = {language: page}
    return page


def pages_for(
    files: Any, config: Any, language: str, languages: list[str], default: str
) -> list[NotebookPage]:
    """Turn the current language's notebooks (plain files after i18n) into pages of its build,
    each with its twins in the other languages as alternates (the language switch's links)."""
    made = []
    for file in [f for f in files if f.src_uri.endswith(".ipynb")]:
        notebook = Path(file.abs_src_path)
        files.remove(file)
        page = page_of(notebook, language, default, config)
        for other in languages:
            twin = notebook.with_name(notebook.name.replace(f".{language}.", f".{other}."))
            if other != language and twin.is_file():
                page.alternates[other] = page_of(twin, other, default, config)
        files.append(page)
        made.append(page)
    return made


def write_page(
    page: NotebookPage, result: Run, passed: outcome.Verdict, session: Session
) -> list[str]:
    """Write the notebook mkdocs-jupyter renders for `page`: its language's cells with the
    run's outputs, its sentences about the run bound to it (`sentences`), a line saying what
    ran them, and above them what went wrong, if anything. Returns the sentences' problems."""
    notebook = json.loads(page.notebook.read_text(encoding="utf-8"))
    report = result.report or {}
    outputs = iter(zip(report.get("cells", []), report.get("counts", []), strict=False))
    language = page.language
    stem = re.sub(r"\.ipynb$", "", shared_name(page.notebook).removeprefix("docs/"))
    runs = [(kernel_combination(session), result)]
    problems: list[str] = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = next(outputs, ([], None))
        elif "says=" in text_of(cell):
            bound = sentences.bind(
                text_of(cell),
                session.statements.of_page(stem),
                lambda _: runs,
                language,
                notebook=True,
            )
            cell["source"] = bound.markdown
            problems += bound.problems
    what_ran = matrix.full(kernel_combination(session), language)
    ran_on = RAN_ON.get(language, RAN_ON["en"]).format(what=what_ran)
    added = [_markdown(f'<p class="snippet-ran">{ran_on}</p>')]
    if not passed.passed:
        added.insert(0, _markdown(passed.note(language)))
    title = 1 if notebook["cells"] and notebook["cells"][0]["cell_type"] == "markdown" else 0
    notebook["cells"][title:title] = added
    target = Path(page.abs_src_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(notebook, ensure_ascii=False, indent=1)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")  # unchanged: mkdocs-jupyter's cache holds
    return problems


def _markdown(text: str) -> dict[str, Any]:
    ident = hashlib.sha256(text.encode()).hexdigest()[:8]
    return {"cell_type": "markdown", "id": f"runner-{ident}", "metadata": {}, "source": text}


# How mkdocs-jupyter's converter draws a lab: nothing executed (the runner ran it), nothing
# from CDNs (no RequireJS, no MathJax: the labs have no formulas), the rest its defaults.
DRAWN_WITH: dict[str, Any] = {
    "execute": False,
    "kernel_name": "",
    "theme": "",
    "allow_errors": True,
    "show_input": True,
    "no_input": False,
    "no_prompt": False,
    "remove_tag_config": {},
    "highlight_extra_classes": "",
    "include_requirejs": False,
    "custom_mathjax_url": "",
}
TOC_DEPTH = 6
DRAWN_BY = json.dumps(
    [[name, metadata.version(name)] for name in ("mkdocs-jupyter", "nbconvert")]
    + [DRAWN_WITH, TOC_DEPTH]
)


def converted(page: NotebookPage) -> page_store.Converted:
    """The page's HTML, drawn from its notebook (the copy with the run's outputs) by
    mkdocs-jupyter's converter, imported here, when a lab needs it; its table of contents and
    title (`table_of_contents`)."""
    from mkdocs_jupyter import convert

    html = convert.nb2html(page.abs_src_path, **DRAWN_WITH)
    tokens, title = table_of_contents(Path(page.abs_src_path))
    # MkDocs checks no anchor of a notebook's page: it has none it knows of (`anchors` None).
    return page_store.Converted(content=html, title=title, toc=tokens, anchors=None, links=None)


def table_of_contents(notebook: Path) -> tuple[list[dict[str, Any]], str | None]:
    """The headings of a notebook's Markdown cells as a table of contents' tokens, and its
    title (the first top-level heading). mkdocs-jupyter reads them from nbconvert's Markdown
    export of the notebook, which drops a heading's inline code ("Handed to a pool: , or …");
    here they are read from the cells themselves, as Python-Markdown reads a page."""
    md = markdown.Markdown(extensions=[TocExtension(toc_depth=TOC_DEPTH)])
    cells = cells_of(notebook)
    md.convert("\n\n".join(text_of(cell) for cell in cells if cell["cell_type"] == "markdown"))
    tokens = md.toc_tokens  # type: ignore[attr-defined]  # the toc extension sets it
    title = next((token["name"] for token in tokens if token["level"] == 1), None)
    return [page_store.token(anchor) for anchor in get_toc(tokens)], title


def download(page: NotebookPage) -> tuple[str, Path]:
    """Where the page offers its notebook for download (its address from the page's own),
    and the file that address is in the site."""
    name = Path(page.abs_src_path).name
    return name, Path(page.abs_dest_path).parent / name


def offer_download(page: NotebookPage) -> None:
    """Put the page's notebook, with the run's outputs, where its download link points."""
    _, target = download(page)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(page.abs_src_path, target)
