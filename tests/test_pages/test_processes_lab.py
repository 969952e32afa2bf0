"""docs/processes/lab: the notebooks run their pool when the site is built (a snippet worker)."""

import re

import nbformat
import pytest
from conftest import ROOT, printed_by_notebook

from snippets.processes import multiprocessing_pool_map

LAB = ROOT / "docs" / "processes"
LANGUAGES = ["zh", "en"]


def notebook(language: str) -> nbformat.NotebookNode:
    return nbformat.read(LAB / f"lab.{language}.ipynb", as_version=4)


@pytest.mark.parametrize("language", LANGUAGES)
def test_notebook_is_small_valid_and_stored_without_outputs(language):
    nb = notebook(language)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert 3 <= len(nb.cells) <= 5
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_both_languages_have_the_same_code():
    zh, en = notebook("zh"), notebook("en")
    assert [c.cell_type for c in zh.cells] == [c.cell_type for c in en.cells]
    assert [c.source for c in zh.cells if c.cell_type == "code"] == [
        c.source for c in en.cells if c.cell_type == "code"
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_are_site_urls(language):
    # nbconvert renders the notebook's Markdown: MkDocs does not rewrite `.md` links there.
    text = "".join(c.source for c in notebook(language).cells if c.cell_type == "markdown")
    targets = re.findall(r"\]\(([^)]+)\)", text)
    assert targets and not [t for t in targets if ".md" in t]
    assert f"lab.{language}.ipynb" in targets


def test_worker_is_a_module_function():
    # What a spawned child looks up by name: it must live in an importable module.
    assert multiprocessing_pool_map.slow_square.__module__ == (
        "snippets.processes.multiprocessing_pool_map"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_notebook_runs_its_pool_under_spawn_and_forkserver(site, language: str):
    printed = printed_by_notebook(site, LAB / f"lab.{language}.ipynb")
    squares = "squares [0, 1, 4, 9, 16, 25]"
    for method in ("spawn", "forkserver"):
        assert re.search(rf"^{method} +{re.escape(squares)}", printed, re.MULTILINE), printed
