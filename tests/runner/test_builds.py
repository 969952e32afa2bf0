"""Builds of a throw-away site: how the runner runs, fails, times out, caches and schedules."""

from __future__ import annotations

import json
import os
import re

from minisite import MiniSite, block, pre_texts, sleep_and_log, summary

AS_SCRIPT = """
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
        """


def test_passing_blocks_run_as_scripts_and_render_as_asked(mini_site: MiniSite) -> None:
    """One build, one page per feature: a snippet run as a script with its children and
    threads, an expected non-zero exit code, labels in the page's language, Markdown and
    HTML output, and one summary line."""
    mini_site.page("script", block(mini_site.snippet("as_script.py", AS_SCRIPT)))
    exits_3 = mini_site.snippet("exits_3.py", 'import sys\n\nprint("bye")\nsys.exit(3)\n')
    mini_site.page("exits", block(exits_3, returncode="3"))
    table = mini_site.snippet("table.py", 'print("| a | b |\\n|---|---|\\n| 1 | 2 |")\n')
    svg = mini_site.snippet("chart.py", 'print(\'<svg role="img" aria-label="chart"></svg>\')\n')
    mini_site.page("index", block(table, output="markdown") + "\n" + block(svg, html="1"))
    build = mini_site.build()
    assert build.returncode == 0, build.stderr

    output = pre_texts(mini_site.html("script"))[0].splitlines()  # the output tab comes first
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

    assert "bye" in pre_texts(mini_site.html("exits"))[0]

    zh, en = mini_site.html("index", "zh"), mini_site.html("index", "en")
    assert ">源代码</label>" in zh and ">运行结果</label>" in zh
    assert ">Source</label>" in en and ">Output</label>" in en
    assert re.search(r"<table>.*<td>1</td>\s*<td>2</td>", en, re.S)
    assert '<svg role="img" aria-label="chart"></svg>' in en
    assert {k: summary(build)[k] for k in ("ran", "cached", "failed")} == {
        "ran": "4",
        "cached": "0",
        "failed": "0",
    }


def test_failing_blocks_fail_the_build_naming_page_and_snippet(mini_site: MiniSite) -> None:
    """One build, one page per way to fail: a snippet that raises, one that hangs with its
    children, a missing file, inline code; the rest of the site still builds."""
    raises = """
        def main():
            print("about to fail")
            raise ValueError("boom")


        if __name__ == "__main__":
            main()
        """
    mini_site.page("raises", block(mini_site.snippet("raises.py", raises)))
    marker = f"hang-marker-{os.getpid()}"
    hangs = f"""
        import multiprocessing as mp
        import subprocess
        import time


        def sleeper():
            time.sleep(600)


        if __name__ == "__main__":
            mp.get_context("fork").Process(target=sleeper).start()
            subprocess.Popen(["sh", "-c", "sleep 600; echo {marker}"])  # not Python, too
            print("started", flush=True)
            time.sleep(600)
        """
    mini_site.page("hangs", block(mini_site.snippet("hangs.py", hangs), timeout="3"))
    fine = mini_site.snippet("fine.py", 'print("the rest of the site still builds")\n')
    mini_site.page("missing", block("snippets/not_there.py") + "\n" + block(fine))
    mini_site.page("inline", '```python exec="1"\nprint("not a file")\n```\n')
    build = mini_site.build()
    assert build.returncode != 0

    for language in ("zh", "en"):
        assert f"page raises.{language}.md, snippet snippets/raises.py: exited with code 1" in (
            build.stderr
        )
    assert 'File "snippets/raises.py", line 3, in main' in build.stderr
    assert "ValueError: boom" in build.stderr
    assert "markdown_exec" not in build.stderr  # no runner frames, no second report

    assert "page hangs.zh.md, snippet snippets/hangs.py: timed out after 3 s" in build.stderr
    others = re.search(r"and the (\d+) other processes it had started", build.stderr)
    assert others and int(others[1]) >= 3  # the forked child, sh and its sleep
    assert mini_site.leftovers() == []

    assert "page missing.zh.md, snippet snippets/not_there.py: file not found" in build.stderr
    assert "SnippetMissingError" not in build.stderr  # pymdownx.snippets never got to raise
    assert "the rest of the site still builds" in mini_site.html("missing", "en")

    assert "page inline.zh.md: an executed python block is not a file under snippets/" in (
        build.stderr
    )
    assert summary(build)["failed"] == "3"  # raises, hangs, not_there


def test_cache_each_snippet_once_per_build_then_not_again(mini_site: MiniSite) -> None:
    runs = mini_site.outside / "runs.log"
    helper = mini_site.snippet("helper.py", "GREETING = 'hello'\n")
    counted = mini_site.snippet(
        "counted.py",
        f"""
        from snippets.helper import GREETING

        with open({str(runs)!r}, "a") as log:
            log.write("run\\n")
        print(GREETING)
        """,
    )
    other = mini_site.snippet("other.py", 'print("other")\n')
    # The same snippet on two pages, in two languages: four blocks, one run.
    mini_site.page("index", block(counted) + "\n" + block(other))
    mini_site.page("again", block(counted))

    cold = mini_site.build()
    assert cold.returncode == 0, cold.stderr
    assert runs.read_text().count("run") == 1
    assert (summary(cold)["ran"], summary(cold)["cached"], summary(cold)["failed"]) == (
        "2",
        "0",
        "0",
    )

    warm = mini_site.build()
    assert (summary(warm)["ran"], summary(warm)["cached"]) == ("0", "2")
    assert summary(warm)["slowest"] == "-"
    assert runs.read_text().count("run") == 1

    (mini_site.root / counted).write_text(
        (mini_site.root / counted).read_text() + 'print("edited")\n', encoding="utf-8"
    )
    edited = mini_site.build()
    assert (summary(edited)["ran"], summary(edited)["cached"]) == ("1", "1")
    assert summary(edited)["slowest"] == counted
    assert "edited" in mini_site.html("again", "en")

    (mini_site.root / helper).write_text("GREETING = 'bonjour'\n", encoding="utf-8")
    imported_changed = mini_site.build()
    assert (summary(imported_changed)["ran"], summary(imported_changed)["cached"]) == ("1", "1")
    assert "bonjour" in mini_site.html("index")
    assert runs.read_text().count("run") == 3


def test_cold_build_runs_snippets_side_by_side_and_measurements_alone(mini_site: MiniSite) -> None:
    times = mini_site.outside / "times.log"
    body = ""
    for name in ("a", "b", "c", "d"):
        path = mini_site.snippet(f"sleep_{name}.py", sleep_and_log(times, name, 1.5))
        body += block(path) + "\n"
    measure = mini_site.snippet("measure.py", sleep_and_log(times, "alone", 0.5))
    mini_site.page("index", body + block(measure, alone="1"))
    build = mini_site.build()
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


def test_measurements_never_run_beside_notebooks(mini_site: MiniSite) -> None:
    times = mini_site.outside / "times.log"
    mini_site.notebook("lab", sleep_and_log(times, "notebook", 1.5))
    # Longer than a kernel takes to start: notebooks started beside it would overlap it.
    measure = mini_site.snippet("measure.py", sleep_and_log(times, "alone", 2))
    mini_site.page("index", block(measure, alone="1"))
    build = mini_site.build()
    assert build.returncode == 0, build.stderr
    spans = [
        (name, float(start), float(end))
        for name, start, end in map(str.split, times.read_text().splitlines())
    ]
    ((_, alone_start, alone_end),) = [span for span in spans if span[0] == "alone"]
    notebooks = [(start, end) for name, start, end in spans if name == "notebook"]
    assert len(notebooks) == 1  # the two languages' notebooks share their code: it ran once
    assert all(end <= alone_start or start >= alone_end for start, end in notebooks)


def test_pages_of_running_notebooks_render_last_but_files_keep_their_order(
    mini_site: MiniSite,
) -> None:
    for name in ("a_lab", "b_lab"):
        mini_site.notebook(name, "import time\n\ntime.sleep(1)\n")
    mini_site.page("c_page", "Text.\n")
    mini_site.page("index", "Home.\n")

    def search_index() -> list[str]:  # the search plugin indexes pages in the files' order
        index = json.loads((mini_site.root / "site" / "search" / "search_index.json").read_text())
        return [doc["location"] for doc in index["docs"]]

    cold = mini_site.build()  # the notebooks are still running when the pages are read
    assert cold.returncode == 0, cold.stderr
    cold_order = search_index()
    warm = mini_site.build()  # every notebook cached: nothing is moved
    assert warm.returncode == 0, warm.stderr
    assert cold_order == search_index()
    assert any(page.startswith("a_lab/") for page in cold_order)


def test_a_failing_notebook_runs_once_per_build(mini_site: MiniSite) -> None:
    runs = mini_site.outside / "runs.log"
    mini_site.notebook(
        "lab", f"open({str(runs)!r}, 'a').write('run\\n')\nraise ValueError('boom')\n"
    )
    mini_site.page("index", "Home.\n")
    build = mini_site.build()
    assert build.returncode != 0 and "ValueError: boom" in build.stderr
    # The two languages' notebooks share their code: it ran once, and both pages say it failed.
    assert runs.read_text().count("run") == 1
    assert "构建时这个 notebook 没有通过" in mini_site.html("lab", "zh")
    assert "This notebook failed when the site was built" in mini_site.html("lab", "en")


THREADS = """\
import threading
import time


def main() -> None:
    threads = [threading.Thread(target=time.sleep, args=(0.05,), name=f"w{i}") for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("done")


if __name__ == "__main__":
    main()
"""


def test_a_block_with_several_lanes_shows_its_timeline_and_trace_unless_it_says_no(
    mini_site: MiniSite,
) -> None:
    threads = mini_site.snippet("threads.py", THREADS)
    alone = mini_site.snippet("one_lane.py", 'print("one process, one thread")\n')
    mini_site.page("index", block(threads) + "\n" + block(alone))
    mini_site.page("off", block(threads, timeline="no"))
    build = mini_site.build()
    assert build.returncode == 0, build.stderr
    for language, caption in (("zh", "时间线"), ("en", "Timeline")):
        page = mini_site.html("index", language)
        assert page.count('<figure class="snippet-timeline"') == 1  # one lane: none drawn
        assert f"<figcaption>{caption}</figcaption>" in page
        assert ">w0</text>" in page and ">w1</text>" in page
        [link] = re.findall(r'<p class="snippet-trace"><a href="([^"]+)"', page)
        assert link.startswith("../" if language == "en" else "assets/traces/"), link
        served_from = mini_site.root / "site" / ("en" if language == "en" else "")
        trace = json.loads((served_from / link).read_text())
        names = {e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "thread_name"}
        assert {"w0", "w1"} <= names
        assert "snippet-timeline" not in mini_site.html("off", language)
