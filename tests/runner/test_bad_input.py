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


def warnings(stderr: str) -> str:
    """The build's warnings alone: what an assertion message has room for."""
    return "\n".join(line[:300] for line in stderr.splitlines() if line.startswith("WARNING"))


def assert_failed_harmlessly(mini_site: MiniSite, build) -> None:
    assert build.returncode != 0
    assert build.seconds < 60, build.stderr[-3000:]
    assert build.peak < 1 * GiB, f"peak memory {build.peak / GiB:.2f} GiB"
    assert mini_site.leftovers() == []


def test_bad_snippets_fail_the_build_fast_and_harmlessly(mini_site: MiniSite) -> None:
    """Each bad snippet on a page of its own, all in one build."""
    mini_site.settings(memory_limit="384MiB")
    for name, (code, _, _) in SNIPPETS.items():
        mini_site.page(name, block(mini_site.snippet(f"{name}.py", code), timeout="20"))
    build = mini_site.build()
    assert_failed_harmlessly(mini_site, build)
    for name, (_, warning, notes) in SNIPPETS.items():
        for language in ("zh", "en"):
            assert re.search(
                rf"page {name}\.{language}\.md, snippet snippets/{name}\.py: {warning}",
                build.stderr,
            ), (name, language, build.stderr[-3000:])
        for language, (label, note) in zip(("zh", "en"), notes.items(), strict=True):
            page = mini_site.html(name, language)
            assert label in page and note in page, (name, language)  # the page says so


# A flooding kernel and one that allocates without end can each take their memory limit,
# twice (one notebook per language): apart, so that a build stays under 1 GiB.
@pytest.mark.parametrize("names", [("hang", "flood", "leftover"), ("hoard",)], ids="+".join)
def test_bad_notebook_cells_fail_the_build_fast_and_harmlessly(
    mini_site: MiniSite, names: tuple[str, ...]
) -> None:
    mini_site.settings(timeout="3", memory_limit="256MiB")
    for name in names:
        mini_site.notebook(name, CELLS[name][0])
    mini_site.page("index", "Home.\n")
    build = mini_site.build()
    assert_failed_harmlessly(mini_site, build)
    for name in names:
        for language in ("zh", "en"):
            assert re.search(
                rf"notebook {name}\.{language}\.ipynb: (.|\n)*{CELLS[name][1]}", build.stderr
            ), (name, language, warnings(build.stderr))
        assert "构建时这个 notebook 没有通过" in mini_site.html(name, "zh")
        assert "This notebook failed when the site was built" in mini_site.html(name, "en")
