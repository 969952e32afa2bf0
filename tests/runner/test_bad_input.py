"""A bad snippet or notebook cell fails the build fast, names itself, and hurts nothing.

Each case is what an author might write by mistake: a flood of output, an allocation without
end, a process that escapes its process group, a cell that hangs. The strict build must fail
within a minute naming the page and snippet (or the notebook), the build's processes together
must stay under 1 GiB, and no process of the run may be alive afterwards.
"""

from __future__ import annotations

import re

import pytest
from minisite import MiniSite, block

GiB = 1 << 30
SNIPPETS = {
    "flood": (
        """
        import sys

        while True:
            sys.stdout.write("x" * 1000 + "\\n")
        """,
        r"printed more than its output limit of 1 MiB; stopped it",
        {"运行结果": "输出超过了 1 MiB 的上限", "Output": "printed more than its 1 MiB limit"},
    ),
    "hoard": (
        """
        hoard = []
        while True:
            hoard.append("x" * 1000)
        """,
        r"exited with code 1 \(expected 0\): it ran out of memory, 384 MiB per process",
        {"运行结果": "用完了内存上限（每个进程 384 MiB）", "Output": "ran out of its memory limit"},
    ),
    "daemon": (
        """
        import os
        import time

        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(600)
            os._exit(0)
        os.wait()
        print("the parent is done")
        """,
        r"left 1 process running, killed: \S*python\S* snippets/\w+\.py",
        {"运行结果": "留下了 1 个仍在运行的进程", "Output": "left 1 process running"},
    ),
    "new_session": (
        """
        import subprocess

        subprocess.Popen(["sleep", "600"], start_new_session=True)
        print("the parent is done")
        """,
        r"left 1 process running, killed: sleep 600",
        {"运行结果": "留下了 1 个仍在运行的进程", "Output": "left 1 process running"},
    ),
}
CELLS = {
    "hang": ("import time\n\ntime.sleep(600)\n", r"a cell ran longer than 3 s"),
    "flood": (
        'while True:\n    print("x" * 1000)\n',
        r"its cells printed more than its output limit of 1 MiB; its kernel was killed",
    ),
    "hoard": (
        'hoard = []\nwhile True:\n    hoard.append("x" * 1000)\n',
        r"a cell ran out of memory, \d+ MiB per process",
    ),
    "leftover": (
        'import subprocess\n\nsubprocess.Popen(["sleep", "600"], start_new_session=True)\n',
        r"left 1 process running, killed: sleep 600",
    ),
}


def assert_failed_harmlessly(mini_site: MiniSite, build, warning: str) -> None:
    assert build.returncode != 0
    assert build.seconds < 60, build.stderr[-3000:]
    assert re.search(warning, build.stderr), build.stderr[-3000:]
    assert build.peak < 1 * GiB, f"peak memory {build.peak / GiB:.2f} GiB"
    assert mini_site.leftovers() == []


@pytest.mark.parametrize("name", SNIPPETS)
def test_bad_snippet_fails_the_build_fast_and_harmlessly(mini_site: MiniSite, name: str) -> None:
    code, warning, notes = SNIPPETS[name]
    mini_site.settings(memory_limit="384MiB")
    path = mini_site.snippet(f"{name}.py", code)
    mini_site.page("index", block(path, timeout="8"))
    build = mini_site.build()
    for language in ("zh", "en"):
        assert f"page index.{language}.md, snippet {path}: " in build.stderr
    assert_failed_harmlessly(mini_site, build, f"snippet {path}: {warning}")
    for language, (label, note) in zip(("zh", "en"), notes.items(), strict=True):
        page = mini_site.html("index", language)
        assert label in page and note in page, language  # the page says what happened


@pytest.mark.parametrize("name", CELLS)
def test_bad_notebook_cell_fails_the_build_fast_and_harmlessly(
    mini_site: MiniSite, name: str
) -> None:
    code, warning = CELLS[name]
    mini_site.settings(timeout="3", memory_limit="256MiB")
    mini_site.notebook("lab", code)
    mini_site.page("index", "Home.\n")
    build = mini_site.build()
    for language in ("zh", "en"):
        assert f"notebook lab.{language}.ipynb: " in build.stderr
    assert_failed_harmlessly(mini_site, build, rf"notebook lab\.zh\.ipynb: (.|\n)*{warning}")
    assert "构建时这个 notebook 没有通过" in mini_site.html("lab", "zh")
    assert "This notebook failed when the site was built" in mini_site.html("lab", "en")
