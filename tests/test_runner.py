"""The snippet runner: how it runs, fails, times out and caches, in a small site of its own.

Each test builds a throw-away copy of the real configuration and hooks with a few pages and
snippets of its own, so what is tested is the mechanism the real site uses.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import snippet_runner
from conftest import ROOT

SUMMARY = snippet_runner.SUMMARY


class MiniSite:
    """The project's mkdocs.yml (no nav) and hooks, with a test's own pages and snippets."""

    def __init__(self, root: Path) -> None:
        self.root = root
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        config = re.sub(r"^nav:\n(?:[ -].*\n)+", "", config, flags=re.M)
        config = re.sub(r"^extra_css:\n(?:[ -].*\n)+", "", config, flags=re.M)
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / "hooks", root / "hooks", ignore=ignore)
        shutil.copytree(ROOT / "overrides", root / "overrides", ignore=ignore)
        (root / "snippets").mkdir()
        (root / "snippets" / "__init__.py").touch()
        (root / "docs").mkdir()

    def snippet(self, name: str, code: str) -> str:
        path = self.root / "snippets" / name
        path.write_text(textwrap.dedent(code).lstrip(), encoding="utf-8")
        return f"snippets/{name}"

    def page(self, name: str, body: str, *, languages: tuple[str, ...] = ("zh", "en")) -> None:
        for language in languages:
            text = f"# {name} {{ #top }}\n\n{textwrap.dedent(body)}"
            (self.root / "docs" / f"{name}.{language}.md").write_text(text, encoding="utf-8")

    def notebook(self, name: str, code: str, *, languages: tuple[str, ...] = ("zh", "en")) -> None:
        """A notebook page with one code cell, in each language."""
        notebook = {
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "source": f"# {name} {{ #top }}"},
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": {},
                    "outputs": [],
                    "source": textwrap.dedent(code),
                },
            ],
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        for language in languages:
            path = self.root / "docs" / f"{name}.{language}.ipynb"
            path.write_text(json.dumps(notebook), encoding="utf-8")

    def build(self, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )

    def html(self, page: str, language: str = "zh") -> str:
        prefix = "" if language == "zh" else "en/"
        target = "index.html" if page == "index" else f"{page}/index.html"
        return (self.root / "site" / prefix / target).read_text(encoding="utf-8")


def block(path: str, **options: str) -> str:
    extra = "".join(f' {key}="{value}"' for key, value in options.items())
    return f'```python exec="1"{extra}\n--8<-- "{path}"\n```\n'


def sleep_and_log(log: Path, name: str, seconds: float) -> str:
    """Code that sleeps `seconds`, then appends "name start end" (Unix times) to `log`."""
    return f"""
        import time

        start = time.time()
        time.sleep({seconds})
        with open({str(log)!r}, "a") as log:
            log.write(f"{name} {{start}} {{time.time()}}\\n")
        """


def summary(build: subprocess.CompletedProcess[str]) -> dict[str, str]:
    matches = list(SUMMARY.finditer(build.stderr))
    assert len(matches) == 1, f"expected one summary line:\n{build.stderr}"
    return matches[0].groupdict()


def pre_texts(html: str) -> list[str]:
    import html as html_lib

    blocks = re.findall(r"<pre[^>]*>(.*?)</pre>", html, re.S)
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", b)) for b in blocks]


@pytest.fixture
def site(tmp_path: Path) -> MiniSite:
    return MiniSite(tmp_path)


def test_snippet_runs_as_main_with_children_and_threads_captured_in_order(site: MiniSite) -> None:
    path = site.snippet(
        "as_script.py",
        """
        import multiprocessing as mp
        import os
        import sys
        import threading


        def spawned(n):
            print(f"spawned child {n}")


        def chatter(name):
            # One write per line: print() writes text and newline in two calls, which
            # threads can interleave; a single write of a whole line arrives whole.
            for i in range(300):
                sys.stdout.write(f"{name} line {i} " + "x" * 40 + "\\n")


        def main():
            print("name is", __name__)
            print("printed once, before fork")
            pid = os.fork()
            if pid == 0:
                print("forked child")
                os._exit(0)
            os.waitpid(pid, 0)
            print("after the forked child ended")
            p = mp.get_context("spawn").Process(target=spawned, args=(1,))
            p.start()
            p.join()
            print("after the spawned child ended")
            threads = [threading.Thread(target=chatter, args=(f"t{k}",)) for k in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()


        if __name__ == "__main__":
            main()
        """,
    )
    site.page("index", block(path))
    build = site.build()
    assert build.returncode == 0, build.stderr
    output = pre_texts(site.html("index"))[1].splitlines()
    assert output[:6] == [
        "name is __main__",
        "printed once, before fork",
        "forked child",
        "after the forked child ended",
        "spawned child 1",
        "after the spawned child ended",
    ]
    thread_lines = output[6:]
    assert len(thread_lines) == 4 * 300
    assert all(re.fullmatch(r"t\d line \d+ x{40}", line) for line in thread_lines)


def test_raising_snippet_fails_the_build_naming_page_and_snippet(site: MiniSite) -> None:
    path = site.snippet(
        "raises.py",
        """
        def main():
            print("about to fail")
            raise ValueError("boom")


        if __name__ == "__main__":
            main()
        """,
    )
    site.page("index", block(path))
    build = site.build()
    assert build.returncode != 0
    assert "page index.zh.md, snippet snippets/raises.py: exited with code 1" in build.stderr
    assert "page index.en.md, snippet snippets/raises.py: exited with code 1" in build.stderr
    assert 'File "snippets/raises.py", line 3, in main' in build.stderr
    assert "ValueError: boom" in build.stderr
    assert "markdown_exec" not in build.stderr  # no runner frames, no second report
    assert summary(build)["failed"] == "1"


def test_expected_returncode_is_not_a_failure(site: MiniSite) -> None:
    path = site.snippet("exits_3.py", 'import sys\n\nprint("bye")\nsys.exit(3)\n')
    site.page("index", block(path, returncode="3"))
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert "bye" in pre_texts(site.html("index"))[1]


def test_hanging_snippet_is_killed_with_its_children(site: MiniSite) -> None:
    marker = f"hang-marker-{os.getpid()}"
    path = site.snippet(
        "hangs.py",
        f"""
        import multiprocessing as mp
        import subprocess
        import time

        MARKER = "{marker}"


        def sleeper():
            time.sleep(600)


        if __name__ == "__main__":
            mp.get_context("fork").Process(target=sleeper).start()
            subprocess.Popen(["sh", "-c", f"sleep 600; echo {{MARKER}}"])  # not Python, too
            print("started", flush=True)
            time.sleep(600)
        """,
    )
    site.page("index", block(path, timeout="3"))
    build = site.build()
    assert build.returncode != 0
    assert "page index.zh.md, snippet snippets/hangs.py: timed out after 3 s" in build.stderr
    others = re.search(r"and the (\d+) other process\(es\) of its group", build.stderr)
    assert others and int(others[1]) >= 3  # the forked child, sh and its sleep
    survivors = [
        p.parent.name
        for p in Path("/proc").glob("[0-9]*/cmdline")
        if marker.encode() in p.read_bytes() or b"snippets/hangs.py" in _cmdline(p, site.root)
    ]
    assert survivors == []


def _cmdline(path: Path, root: Path) -> bytes:
    try:
        cwd = os.readlink(path.parent / "cwd")
    except OSError:
        return b""
    return path.read_bytes() if cwd == str(root) else b""


def test_missing_snippet_fails_the_build_naming_page_and_path(site: MiniSite) -> None:
    ok = site.snippet("fine.py", 'print("the rest of the site still builds")\n')
    site.page("index", block("snippets/not_there.py") + "\n" + block(ok))
    build = site.build()
    assert build.returncode != 0
    assert "page index.zh.md, snippet snippets/not_there.py: file not found" in build.stderr
    assert "Traceback" not in build.stderr
    assert "the rest of the site still builds" in site.html("index", "en")


def test_inline_code_is_refused(site: MiniSite) -> None:
    site.page("index", '```python exec="1"\nprint("not a file")\n```\n')
    build = site.build()
    assert build.returncode != 0
    assert "page index.zh.md: an executed python block is not a file under snippets/" in (
        build.stderr
    )


def test_cache_each_snippet_once_per_build_then_not_again(site: MiniSite) -> None:
    runs = site.root / "runs.log"
    helper = site.snippet("helper.py", "GREETING = 'hello'\n")
    counted = site.snippet(
        "counted.py",
        f"""
        from snippets.helper import GREETING

        with open({str(runs)!r}, "a") as log:
            log.write("run\\n")
        print(GREETING)
        """,
    )
    other = site.snippet("other.py", 'print("other")\n')
    # The same snippet on two pages, in two languages: four blocks, one run.
    site.page("index", block(counted) + "\n" + block(other))
    site.page("again", block(counted))

    cold = site.build()
    assert cold.returncode == 0, cold.stderr
    assert runs.read_text().count("run") == 1
    assert summary(cold) | {"seconds": "", "slowest_s": ""} == {
        "ran": "2",
        "cached": "0",
        "failed": "0",
        "seconds": "",
        "slowest": summary(cold)["slowest"],
        "slowest_s": "",
    }

    warm = site.build()
    assert (summary(warm)["ran"], summary(warm)["cached"]) == ("0", "2")
    assert summary(warm)["slowest"] == "-"
    assert runs.read_text().count("run") == 1

    (site.root / counted).write_text(
        (site.root / counted).read_text() + 'print("edited")\n', encoding="utf-8"
    )
    edited = site.build()
    assert (summary(edited)["ran"], summary(edited)["cached"]) == ("1", "1")
    assert summary(edited)["slowest"] == counted
    assert "edited" in site.html("again", "en")

    (site.root / helper).write_text("GREETING = 'bonjour'\n", encoding="utf-8")
    imported_changed = site.build()
    assert (summary(imported_changed)["ran"], summary(imported_changed)["cached"]) == ("1", "1")
    assert "bonjour" in site.html("index")
    assert runs.read_text().count("run") == 3


def test_cache_key_covers_interpreter_and_runner_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "snippets").mkdir()
    script = tmp_path / "snippets" / "x.py"
    script.write_text("print(1)\n")
    key = snippet_runner.cache_key(script, tmp_path)
    monkeypatch.setattr(snippet_runner, "RUNNER_VERSION", "other")
    assert snippet_runner.cache_key(script, tmp_path) != key
    monkeypatch.undo()
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert snippet_runner.cache_key(script, tmp_path) != key


def test_labels_follow_the_page_language_and_outputs_can_be_markdown_or_html(
    site: MiniSite,
) -> None:
    table = site.snippet("table.py", 'print("| a | b |\\n|---|---|\\n| 1 | 2 |")\n')
    svg = site.snippet("chart.py", 'print(\'<svg role="img" aria-label="chart"></svg>\')\n')
    site.page("index", block(table, output="markdown") + "\n" + block(svg, html="1"))
    build = site.build()
    assert build.returncode == 0, build.stderr
    zh, en = site.html("index", "zh"), site.html("index", "en")
    assert ">源代码</label>" in zh and ">运行结果</label>" in zh
    assert ">Source</label>" in en and ">Output</label>" in en
    assert re.search(r"<table>.*<td>1</td>\s*<td>2</td>", en, re.S)
    assert '<svg role="img" aria-label="chart"></svg>' in en


def test_summary_is_logged_once_per_build(site: MiniSite) -> None:
    site.page("index", "no code here\n")
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert summary(build) == {
        "ran": "0",
        "cached": "0",
        "failed": "0",
        "seconds": summary(build)["seconds"],
        "slowest": "-",
        "slowest_s": "0.0",
    }


def test_cold_build_runs_snippets_side_by_side_and_measurements_alone(site: MiniSite) -> None:
    times = site.root / "times.log"
    body = ""
    for name in ("a", "b", "c", "d"):
        path = site.snippet(f"sleep_{name}.py", sleep_and_log(times, name, 1.5))
        body += block(path) + "\n"
    measure = site.snippet("measure.py", sleep_and_log(times, "alone", 0.5))
    site.page("index", body + block(measure, alone="1"))
    build = site.build()
    assert build.returncode == 0, build.stderr
    spans = {
        name: (float(a), float(b)) for name, a, b in map(str.split, times.read_text().splitlines())
    }
    alone_start, alone_end = spans.pop("alone")
    # Side by side: there is a moment when all four 1.5 s sleeps are running at once (one after
    # another, each would start after the previous ended). Unlike the build's total time, this
    # holds however busy the machine is.
    assert max(start for start, _ in spans.values()) < min(end for _, end in spans.values())
    assert all(end <= alone_start or start >= alone_end for start, end in spans.values())


def test_measurements_never_run_beside_notebooks(site: MiniSite) -> None:
    times = site.root / "times.log"
    site.notebook("lab", sleep_and_log(times, "notebook", 1.5))
    # Longer than a kernel takes to start: notebooks started beside it would overlap it.
    measure = site.snippet("measure.py", sleep_and_log(times, "alone", 2))
    site.page("index", block(measure, alone="1"))
    build = site.build()
    assert build.returncode == 0, build.stderr
    spans = [
        (name, float(start), float(end))
        for name, start, end in map(str.split, times.read_text().splitlines())
    ]
    ((_, alone_start, alone_end),) = [span for span in spans if span[0] == "alone"]
    notebooks = [(start, end) for name, start, end in spans if name == "notebook"]
    assert len(notebooks) == 2  # each language's notebook ran once
    assert all(end <= alone_start or start >= alone_end for start, end in notebooks)


def test_pages_of_running_notebooks_render_last_but_files_keep_their_order(site: MiniSite) -> None:
    for name in ("a_lab", "b_lab"):
        site.notebook(name, "import time\n\ntime.sleep(1)\n")
    site.page("c_page", "Text.\n")
    site.page("index", "Home.\n")

    def search_index() -> list[str]:  # the search plugin indexes pages in the files' order
        index = json.loads((site.root / "site" / "search" / "search_index.json").read_text())
        return [doc["location"] for doc in index["docs"]]

    cold = site.build()  # the notebooks are still running when the pages are read
    assert cold.returncode == 0, cold.stderr
    cold_order = search_index()
    warm = site.build()  # every notebook cached: nothing is moved
    assert warm.returncode == 0, warm.stderr
    assert cold_order == search_index()
    assert any(page.startswith("a_lab/") for page in cold_order)


def test_snippets_get_sigint_as_on_a_terminal_even_if_the_build_ignores_it(tmp_path: Path) -> None:
    # A build started in the background of a shell script inherits SIGINT ignored.
    script = tmp_path / "sigint.py"
    script.write_text(
        "import signal\nprint(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n"
    )
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = snippet_runner.execute(script, timeout=30, cwd=tmp_path)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert (result.returncode, result.output) == (0, "True\n")
