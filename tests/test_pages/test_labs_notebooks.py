"""docs/labs: every lab notebook runs from top to bottom when the site is built, and shows its
lesson. The build executes them (a cell that raises fails it); these tests read their pages.
"""

import re
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, printed_by_notebook

from snippets.labs import workers

LABS = ROOT / "docs" / "labs"
NOTEBOOKS = sorted(LABS.glob("*.ipynb"))


def test_every_lab_exists_in_both_languages():
    names = {path.name for path in NOTEBOOKS}
    for lab in ("processes", "threads", "coroutines"):
        assert {f"{lab}.zh.ipynb", f"{lab}.en.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_is_stored_without_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("lab", ["processes", "threads", "coroutines"])
def test_both_languages_have_the_same_cells(lab: str):
    zh = nbformat.read(LABS / f"{lab}.zh.ipynb", as_version=4)
    en = nbformat.read(LABS / f"{lab}.en.ipynb", as_version=4)
    assert [cell.cell_type for cell in zh.cells] == [cell.cell_type for cell in en.cells]
    assert [cell.get("id") for cell in zh.cells] == [cell.get("id") for cell in en.cells]


@pytest.mark.parametrize("lab", ["processes", "threads", "coroutines"])
def test_both_languages_share_their_code(lab: str):
    """The build runs a lab's code once and shows its outputs in both languages (a run is
    keyed by the code): the twins' code cells are the same to the character, tags and ids too."""

    def code(language: str) -> list[tuple[str, str, list[str]]]:
        notebook = nbformat.read(LABS / f"{lab}.{language}.ipynb", as_version=4)
        return [
            (cell.id, cell.source, cell.metadata.get("tags", []))
            for cell in notebook.cells
            if cell.cell_type == "code"
        ]

    assert code("zh") == code("en")


def test_the_processes_chapter_has_one_lab():
    """One home for the lesson that a child finds a function by name: the processes lab."""
    assert not list((ROOT / "docs" / "processes").glob("*.ipynb"))
    for language in ("zh", "en"):
        home = (ROOT / "docs" / f"index.{language}.md").read_text(encoding="utf-8")
        labs = re.search(r"^\| (?:Labs|实验) \|(.*)$", home, re.M)[1]
        assert len(re.findall(r"\(labs/\w+\.ipynb\)", labs)) == len(NOTEBOOKS) // 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_links_work_on_the_built_site(path: Path):
    """nbconvert renders a notebook's Markdown: MkDocs does not rewrite its `.md` links."""
    notebook = nbformat.read(path, as_version=4)
    text = "".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    targets = re.findall(r"\]\(([^)]+)\)", text)
    assert not [target for target in targets if ".md" in target]
    # mkdocs-jupyter (include_source) copies the notebook next to its page, under its own name.
    assert path.name in targets


# The tracebacks a lab means to show: a spawn or forkserver child (a Process, a pool's worker)
# that cannot find a function defined in a cell (the processes lab's text explains them).
MEANT = "AttributeError: Can't get attribute 'defined_in_a_cell' on <module '__main__' (built-in)>"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_prints_no_error_when_the_site_is_built(site: Path, path: Path):
    printed = printed_by_notebook(site, path)
    tracebacks = printed.split("Traceback (most recent call last):")[1:]
    # The children's own tracebacks, which the kernel forwards from its standard error as they
    # arrive (a late one can miss the notebook): the spawn and forkserver Process, the pool's
    # spawned worker; nothing else.
    meant = 3 if path.stem.startswith("processes") else 0
    assert len(tracebacks) <= meant, printed
    for traceback in tracebacks:
        assert MEANT in traceback, traceback


@pytest.mark.parametrize("language", ["zh", "en"])
def test_processes_lab_shows_what_a_cell_function_does_to_a_child_and_to_a_pool(site, language):
    text = printed_by_notebook(site, LABS / f"processes.{language}.ipynb")
    assert "fork       exitcode 0" in text
    assert "spawn      exitcode 1" in text
    assert "forkserver exitcode 1" in text
    assert "result() raised BrokenProcessPool" in text  # the pool breaks, it does not hang
    assert "a later submit() raised BrokenProcessPool" in text
    assert "worker processes left: 0" in text


@pytest.mark.parametrize("language", ["zh", "en"])
def test_coroutines_lab_uses_top_level_await(site, language):
    notebook = nbformat.read(LABS / f"coroutines.{language}.ipynb", as_version=4)
    assert any("await asyncio.gather" in cell.source for cell in notebook.cells)
    printed = printed_by_notebook(site, LABS / f"coroutines.{language}.ipynb")
    assert "cannot be called from a running event loop" in printed


def test_workers_are_importable_module_functions():
    # Pickling by reference needs a real module: these names are what a spawned child imports.
    for function in (workers.whoami, workers.wait_for_io, workers.crunch, workers.crunch_cpu):
        assert function.__module__ == "snippets.labs.workers"


def test_crunch_cpu_gives_the_result_of_crunch_and_the_cpu_time_it_took():
    total, seconds = workers.crunch_cpu(200_000)
    assert total == workers.crunch(200_000)
    assert 0 < seconds < 10


@pytest.mark.parametrize("language", ["zh", "en"])
def test_threads_lab_never_keeps_more_than_one_core_busy_with_the_gil(site, language):
    # The lab's claim holds however busy the machine is: load can only lower the figure.
    printed = printed_by_notebook(site, LABS / f"threads.{language}.ipynb")
    busy = [float(x) for x in re.findall(r"([\d.]+) cores busy", printed)]
    assert len(busy) == 2
    if getattr(sys, "_is_gil_enabled", lambda: True)():
        assert all(figure <= 1.1 for figure in busy), busy  # 1.0 plus rounding


def test_locked_worker_never_loses_an_update():
    # (That the unlocked one loses updates is the threads chapter's claim and test; the lab
    # only shows it happening.)
    import threading

    counter, lock = workers.Counter(), threading.Lock()
    threads = [
        threading.Thread(target=workers.add_safely, args=(counter, lock, 500)) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.value == 2000


@pytest.mark.parametrize("language", ["zh", "en"])
def test_coroutines_lab_shows_a_timeout_does_not_stop_the_thread(site, language):
    text = printed_by_notebook(site, LABS / f"coroutines.{language}.ipynb")
    gave_up = float(re.search(r"gave up after ([\d.]+) s; the thread was done: False", text)[1])
    done = float(re.search(r"the thread ran on, and was done after ([\d.]+) s", text)[1])
    assert gave_up < done and done >= 0.5  # the thread slept its 0.5 s whatever the timeout


def test_no_lab_imports_more_than_the_labs_workers():
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        assert re.findall(r"^from snippets\S* import .*$", code, re.M) == [
            "from snippets.labs import workers"
        ]
