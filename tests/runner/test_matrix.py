"""The output matrix: blocks run across interpreters and start methods, compared and grouped."""

from __future__ import annotations

import platform
import re
import sys
import textwrap
from pathlib import Path

from minisite import MiniSite, block, pre_texts, summary
from snippet_runner import fences, interpreters, matrix
from snippet_runner.fences import Block
from snippet_runner.interpreters import Interpreter
from snippet_runner.launch import Limits
from snippet_runner.session import Machine, Session

# Real interpreters this machine has beside the one running the tests (see README), and one
# that no machine has: the build must report it and go on.
WANTED = ("3.99", "3.13", "3.12", "3.10")


def session_on(names: list[str]) -> Session:
    """A build session whose machine has those of `names` this machine has."""
    return Session(Machine.of(names), Limits(), workers=1, notebook_limits=Limits())


def fake(name: str, method: str = "fork") -> Interpreter:
    return Interpreter(
        name, f"/usr/bin/python{name}", f"{name}.1", name, name.endswith("t"), method
    )


def test_what_varies_by_nature_is_blanked_and_order_does_not_count() -> None:
    one = "worker 48213 at 0x7f3a2c, took 0.52 s\nparent 48200: [python3.13] <defunct>\nend"
    two = "end\nparent 1207: [python3] <defunct>\nworker 1299 at 0x55d0, took 1.01 s"
    assert matrix.normalised(one) == matrix.normalised(two)
    assert matrix.normalised("exitcode -15") != matrix.normalised("exitcode 0")
    assert matrix.normalised("Z [python3.13] <defunct>") != matrix.normalised("(no such process)")


def test_a_python_version_printed_is_compared_as_a_reader_would() -> None:
    """Runs that print different versions did not print "the same output" (their captions
    would say so): a version is kept, a timing beside it is not."""
    assert matrix.normalised("Python 3.13.0: 0.52 s") != matrix.normalised("Python 3.12.1: 0.52 s")
    assert matrix.normalised("3.14t: GIL off") != matrix.normalised("3.14: GIL off")
    assert matrix.normalised("Python 3.13.0: 0.52 s") == matrix.normalised("Python 3.13.0: 1.01 s")


def test_runs_that_printed_the_same_are_grouped_failures_stand_alone() -> None:
    a, b, c, d = (matrix.Combination(fake(name)) for name in ("3.14", "3.13", "3.12", "3.11"))
    groups = matrix.grouped(
        [
            (a, "pid 101\nwarned", True),
            (b, "pid 202\nwarned", True),
            (c, "quiet", True),
            (d, "pid 303\nwarned", False),
        ]
    )
    assert groups == [[a, b], [c], [d]]


def test_combinations_put_each_interpreters_default_first() -> None:
    new, old = fake("3.14", "forkserver"), fake("3.13", "fork")
    runs = matrix.combinations(("interpreters", "start-methods"), new, [new, old])
    assert [(c.interpreter.name, c.method) for c in runs] == [
        ("3.14", "forkserver"),
        ("3.14", "fork"),
        ("3.14", "spawn"),
        ("3.13", "fork"),
        ("3.13", "spawn"),
        ("3.13", "forkserver"),
    ]
    assert matrix.combinations((), new, [new, old]) == [matrix.Combination(new)]


def test_labels_say_what_ran_in_the_pages_language() -> None:
    server = matrix.Combination(fake("3.14", "forkserver"), "forkserver")
    spawn = matrix.Combination(fake("3.14t", "forkserver"), "spawn")
    assert matrix.short(server, "zh") == "3.14 · forkserver（Linux 默认）"
    assert matrix.short(spawn, "en") == "3.14t · spawn (macOS, Windows default)"
    assert (
        matrix.full(spawn, "zh") == "CPython 3.14t.1（自由线程版） · spawn（macOS、Windows 默认）"
    )
    assert matrix.full(spawn, "en").startswith("CPython 3.14t.1 free-threaded · spawn")
    assert matrix.ran_on([server], "en", show_method=False) == "Ran on CPython 3.14.1."


def test_a_missing_interpreter_is_reported_never_an_error() -> None:
    found, missing = interpreters.find(["3.99", "3.99t", "2.7"])
    assert (found, missing) == ([], ["3.99", "3.99t", "2.7"])


MATRIX_SNIPPETS = {
    # The same on every interpreter, but for the pid.
    "same.py": """
        import os

        print(f"pid {os.getpid()}: hello")
        """,
    # Differs from 3.12 on.
    "differs.py": """
        import sys

        print("new" if sys.version_info >= (3, 12) else "old")
        """,
    # The start method a child is started with, and whether it sees the parent's global.
    "methods.py": """
        import multiprocessing as mp

        seen = "unset"


        def report(queue):
            queue.put(seen)


        def main():
            global seen
            seen = "set by the parent"
            queue = mp.Queue()
            child = mp.Process(target=report, args=(queue,))
            child.start()
            print(mp.get_start_method(), "child sees:", queue.get())
            child.join()


        if __name__ == "__main__":
            main()
        """,
    "plain.py": """
        import platform

        print(platform.python_version())
        """,
}


def test_a_matrix_runs_each_combination_once_groups_same_outputs_and_tabs_the_rest(
    mini_site: MiniSite,
) -> None:
    found, missing = interpreters.find(WANTED)
    assert missing == ["3.99"] and len(found) == 3, f"this machine should have {WANTED[1:]}"
    newest, middle, oldest = found
    runs = mini_site.outside / "runs.log"
    paths = {}
    for name, code in MATRIX_SNIPPETS.items():
        counted = (
            f"{textwrap.dedent(code)}\nif __name__ == '__main__':\n"
            f"    with open({str(runs)!r}, 'a') as log:\n        log.write('{name}\\n')\n"
        )
        paths[name] = mini_site.snippet(name, counted)
    mini_site.settings(interpreters="[" + ", ".join(f'"{n}"' for n in WANTED) + "]")
    mini_site.page(
        "index",
        block(paths["same.py"], matrix="interpreters")
        + block(paths["differs.py"], matrix="interpreters")
        + block(paths["methods.py"], matrix="start-methods")
        + block(paths["plain.py"]),
    )
    build = mini_site.build()
    assert build.returncode == 0, build.stderr
    line = summary(build)
    assert line["interpreters"] == ", ".join(f"{i.name} ({i.version})" for i in found)
    assert line["missing"] == "3.99"
    assert line["ran"] == str(3 + 3 + 3 + 1)

    # Each combination ran once for both languages.
    counts = {name: runs.read_text().split().count(name) for name in MATRIX_SNIPPETS}
    assert counts == {"same.py": 3, "differs.py": 3, "methods.py": 3, "plain.py": 1}

    zh, en = mini_site.html("index", "zh"), mini_site.html("index", "en")
    texts = [t for t in pre_texts(en) if "import" not in t]
    captions = re.findall(r'<p class="snippet-ran">(.*?)</p>', en)
    # same.py: one output, one caption naming all three.
    assert re.fullmatch(r"pid \d+: hello\n?", texts[0])
    assert captions[0].startswith(f"Ran on CPython {newest.version}, CPython {middle.version}, ")
    assert "the same output" in captions[0]
    # differs.py: a tab for 3.13 and 3.12 together, one for 3.10.
    assert texts[1:3] == ["new", "old"] or texts[1:3] == ["new\n", "old\n"]
    assert f">{newest.name} / {middle.name}</label>" in en and f">{oldest.name}</label>" in en
    # methods.py: three tabs, labelled by start method; only fork's child saw the global.
    assert [t.strip() for t in texts[3:6]] == [
        "fork child sees: set by the parent",
        "spawn child sees: unset",
        "forkserver child sees: unset",
    ]
    assert f">{newest.name} · fork（Linux 默认）</label>" in zh
    assert f">{newest.name} · spawn (macOS, Windows default)</label>" in en
    # plain.py ran on the newest interpreter found, and says so.
    assert texts[6].strip() == newest.version
    assert captions[-1] == f"Ran on CPython {newest.version}."
    assert f"运行于 CPython {newest.version}。" in zh

    again = mini_site.build()
    assert again.returncode == 0, again.stderr
    assert (summary(again)["ran"], summary(again)["cached"]) == ("0", "10")
    assert runs.read_text().split().count("same.py") == 3  # nothing ran again


def test_snippets_that_need_a_package_run_where_it_is_installed(tmp_path: Path) -> None:
    """gevent is installed for the interpreter running the tests only (requirements-dev)."""
    state = session_on([*WANTED, "3.11"])
    script = tmp_path / "uses_gevent.py"
    script.write_text("import gevent\n")
    hosts = state.hosts_of(script)
    assert [i.name for i in hosts] == ["3.11"]
    [only] = state.combinations_of(Block(script, Limits()))
    assert only.interpreter.name == "3.11"


def test_what_an_interpreter_said_is_remembered_while_its_file_is_unchanged(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(interpreters, "REMEMBERED", tmp_path / "interpreters.json")
    asked = []
    run = interpreters.subprocess.run
    monkeypatch.setattr(
        interpreters.subprocess, "run", lambda *a, **k: asked.append(a) or run(*a, **k)
    )
    copy = tmp_path / "python"
    copy.symlink_to(sys.executable)
    name = f"3.{sys.version_info[1]}"
    first = interpreters.probe(name, str(copy))
    assert first is not None and first.version == platform.python_version()
    assert interpreters.probe(name, str(copy)) == first
    assert len(asked) == 1
    (tmp_path / "interpreters.json").write_text("{}")  # forgotten: asked again
    assert interpreters.probe(name, str(copy)) == first
    assert len(asked) == 2


def test_a_block_that_requires_a_newer_python_runs_only_where_it_is_new_enough(
    tmp_path: Path,
) -> None:
    state = session_on([*WANTED, "3.11"])
    script = tmp_path / "needs_3_12.py"
    script.write_text("import sys\n")
    block = fences.blocks_in(
        '```python exec="1" requires="3.12" matrix="interpreters"\n--8<-- "needs_3_12.py"\n```\n',
        tmp_path,
        Limits(),
    )[0]
    assert block.requires == (3, 12)
    names = [c.interpreter.name for c in state.combinations_of(block)]
    assert names == [i.name for i in state.machine.found if i.minor_version >= (3, 12)]
    assert "3.11" not in names and "3.10" not in names
