"""A run cannot touch the project or the machine: its own folder, a ceiling on its processes.

Each case is what an author might write: a process flood (a fork in a loop, a
multiprocessing.Process in a loop), files written into the working directory, writes without
end, a write into snippets/ by an absolute path. Each builds a throw-away site and checks,
from outside the program: the run fails within 30 s and the strict build fails naming page
and snippet (but for the working-directory files, which are no failure), no more processes of
the run than its ceiling ever existed, nothing of the run is alive afterwards, its folder is
gone, the site's tree is byte for byte as it was, and the build's processes stayed under 1 GiB
together.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from minisite import MiniSite, MostProcesses, block, pre_texts, summary
from snippet_runner import launch, snippet
from test_serve import Server

GiB = 1 << 30
CEILING = launch.Limits().processes
# Each snippet first prints its folder's path in hex, which the page does not rewrite as it
# does the path itself, so that the test can check the folder is gone.
FOLDER = 'import os\n\nprint("folder", os.getcwd().encode().hex(), flush=True)\n'


def printing_its_folder(code: str) -> str:
    return FOLDER + textwrap.dedent(code)


BAD = {
    "fork_flood": """
        import time

        while True:
            if os.fork() == 0:
                time.sleep(600)
                os._exit(0)
        """,
    "process_flood": """
        import multiprocessing as mp
        import time

        if __name__ == "__main__":
            while True:
                mp.Process(target=time.sleep, args=(600,)).start()
        """,
    "one_file_without_end": """
        with open("log.txt", "w") as log:
            while True:
                log.write("x" * 65536)
        """,
    "files_without_end": """
        from itertools import count

        for number in count():
            with open(f"part-{number}.bin", "wb") as part:
                part.write(os.urandom(1 << 20) * 32)
        """,
}
WARNINGS = {
    "fork_flood": rf"had more than {CEILING} processes at once; stopped it",
    "process_flood": rf"had more than {CEILING} processes at once; stopped it",
    "one_file_without_end": r"exited with code 1 \(expected 0\)",  # the file-size ceiling
    "files_without_end": r"filled its folder past 256 MiB; stopped it",
}
NOTES = {  # what the page says, in each language
    "fork_flood": ("同时拥有的进程超过了", "processes at once and was stopped"),
    "process_flood": ("同时拥有的进程超过了", "processes at once and was stopped"),
    "one_file_without_end": ("它以退出码 1 结束", "It exited with code 1"),
    "files_without_end": ("文件超过了 256 MiB 的上限", "passed the 256 MiB limit"),
}


def folder_of(mini_site: MiniSite, page: str) -> Path:
    """The run's folder, from the hex path the snippet printed first."""
    printed = "\n".join(pre_texts(mini_site.html(page)))
    found = re.search(r"^folder ([0-9a-f]+)$", printed, re.M)
    assert found, printed[:2000]
    return Path(bytes.fromhex(found[1]).decode())


def assert_touched_nothing(mini_site: MiniSite, build, before: dict[str, str]) -> None:
    assert build.processes <= CEILING, f"{build.processes} processes at once"
    assert build.peak < 1 * GiB, f"peak memory {build.peak / GiB:.2f} GiB"
    assert mini_site.leftovers() == []
    assert mini_site.fingerprint() == before


@pytest.mark.parametrize("name", BAD)
def test_a_bad_run_is_stopped_fast_and_leaves_nothing(mini_site: MiniSite, name: str) -> None:
    mini_site.page(name, block(mini_site.snippet(f"{name}.py", printing_its_folder(BAD[name]))))
    before = mini_site.fingerprint()
    build = mini_site.build()
    assert build.returncode != 0
    # The run fails within 30 s; the build around it within a minute, as in test_bad_input (on
    # a machine loaded 15 times over, a throw-away build alone takes half a minute).
    assert float(summary(build)["slowest_s"]) < 30, build.stderr[-3000:]
    assert build.seconds < 60, build.stderr[-3000:]
    for language in ("zh", "en"):
        assert re.search(
            rf"page {name}\.{language}\.md, snippet snippets/{name}\.py: {WARNINGS[name]}",
            build.stderr,
        ), build.stderr[-3000:]
    for language, note in zip(("zh", "en"), NOTES[name], strict=True):
        assert note in mini_site.html(name, language), (name, language)
    assert not folder_of(mini_site, name).exists()
    assert_touched_nothing(mini_site, build, before)


def test_files_in_the_working_directory_are_the_runs_own(mini_site: MiniSite) -> None:
    """Not a failure: the files are there while it runs, in a folder that is then removed."""
    code = printing_its_folder(
        """
        import sqlite3
        import tempfile
        from pathlib import Path

        Path("data.txt").write_text("kept until the run ends\\n")
        with sqlite3.connect("results.db") as db:
            db.execute("create table result (value)")
        with tempfile.NamedTemporaryFile() as scratch:
            print(Path("data.txt").read_text(), end="")
            print("data at", Path("data.txt").resolve())
            print("scratch at", scratch.name)
        """
    )
    mini_site.page("index", "Home.\n")
    mini_site.page("writer", block(mini_site.snippet("writer.py", code)))
    before = mini_site.fingerprint()
    build = mini_site.build()
    assert build.returncode == 0, build.stderr[-3000:]
    printed = "\n".join(pre_texts(mini_site.html("writer")))
    assert "kept until the run ends" in printed
    shown = snippet.FOLDER_SHOWN
    assert f"data at {shown}/data.txt" in printed  # the folder's name changes at each run
    assert re.search(rf"^scratch at {shown}/tmp\w+$", printed, re.M)
    assert not folder_of(mini_site, "writer").exists()
    assert_touched_nothing(mini_site, build, before)


@pytest.mark.parametrize("how", ["absolute path", "the snippet's own path"])
def test_no_write_into_the_project_succeeds(mini_site: MiniSite, how: str) -> None:
    target = {
        "absolute path": repr(str(mini_site.root / "snippets" / "written.py")),
        "the snippet's own path": "__file__",
    }[how]
    code = f'with open({target}, "a") as source:\n    source.write("# changed\\n")\n'
    mini_site.page("intruder", block(mini_site.snippet("intruder.py", code)))
    before = mini_site.fingerprint()
    build = mini_site.build()
    assert re.search(
        r"page intruder\.zh\.md, snippet snippets/intruder\.py: exited with code 1"
        r"(.|\n)*PermissionError",
        build.stderr,
    ), build.stderr[-3000:]
    assert_touched_nothing(mini_site, build, before)


NOTEBOOK_CELL = """
import os
import tempfile
from pathlib import Path

folder = os.environ["TMPDIR"]
with tempfile.NamedTemporaryFile() as scratch:
    print("scratch in the run folder:", scratch.name.startswith(folder))
for variable in ("IPYTHONDIR", "JUPYTER_RUNTIME_DIR"):
    print(variable, "in the run folder:", os.environ[variable].startswith(folder))
try:
    Path("written-by-a-cell.txt").write_text("x")  # the notebook's folder, in the project
except PermissionError:
    print("the project is not writable")
"""


def test_notebook_kernels_work_in_their_runs_folder(mini_site: MiniSite) -> None:
    mini_site.notebook("lab", NOTEBOOK_CELL)
    mini_site.page("index", "Home.\n")
    before = mini_site.fingerprint()
    build = mini_site.build()
    assert build.returncode == 0, build.stderr[-3000:]
    page = mini_site.html("lab", "en")
    for line in (
        "scratch in the run folder: True",
        "IPYTHONDIR in the run folder: True",
        "JUPYTER_RUNTIME_DIR in the run folder: True",
        "the project is not writable",
    ):
        assert line in page, line
    assert_touched_nothing(mini_site, build, before)


def test_serve_does_not_loop_on_a_run_that_writes_into_snippets(mini_site: MiniSite) -> None:
    """Under `mkdocs serve`, a run writing into a watched folder: one rebuild per edit."""
    target = mini_site.root / "snippets" / "written.py"
    path = mini_site.snippet("bad.py", 'print("harmless")\n')
    mini_site.page("index", block(path))
    server = Server(mini_site)
    try:
        server.wait_for("Serving on")
        before = mini_site.fingerprint()
        since = len(server.log)
        (mini_site.root / path).write_text(
            f'with open({str(target)!r}, "w") as source:\n    source.write("x = 1\\n")\n'
        )
        server.wait_for("snippets: 1 ran, 0 cached, 1 failed", since)
        time.sleep(5)  # what a loop would rebuild meanwhile
        log = "".join(server.log[since:])
        assert log.count("Building documentation") == 1, log
        assert "PermissionError" in log
        assert server.process.poll() is None
        assert not target.exists()
        changed = {name for name in mini_site.fingerprint() if before.get(name) is None}
        assert changed == set(), changed
        assert mini_site.leftovers(keep=(server.process.pid,)) == []
    finally:
        server.stop()


ORDINARY_USER = 65534  # nobody: no home, no login, no process of its own
FLOOD = """
import os, time
print("uid", os.getuid(), flush=True)
while True:
    if os.fork() == 0:
        time.sleep(600)
        os._exit(0)
"""
# Runs the flood under the runner, as the user running it: the supervisor and its reapers use
# the standard library only, so the system's Python serves any user.
LAUNCH = """
import json, sys
sys.path.insert(0, sys.argv[1])
from snippet_runner import launch
run = launch.run([sys.executable, "-c", sys.argv[2]], env={"PATH": "/usr/bin:/bin"},
                 limits=launch.Limits(processes=int(sys.argv[3]), timeout=20))
print(json.dumps({"ending": run.ending, "most": run.peak_processes, "output": run.output,
                  "unconfined": sorted(launch.unconfined)}))
"""


@pytest.mark.parametrize("user", ["this user", "an ordinary user"])
def test_the_ceiling_holds_for_root_and_for_an_ordinary_user(user: str) -> None:
    """As root, the kernel's own process limit (RLIMIT_NPROC) would not hold: the ceiling
    holds for root and for an ordinary user alike (run as `nobody` when the tests are root)."""
    ceiling = 12
    as_user = ORDINARY_USER if user == "an ordinary user" and os.getuid() == 0 else None
    python = "/usr/bin/python3" if as_user is not None else sys.executable  # /root is closed
    hooks = str(Path(launch.__file__).parents[1])
    started = time.monotonic()
    with subprocess.Popen(
        [python, "-I", "-c", LAUNCH, hooks, FLOOD, str(ceiling)],
        stdout=subprocess.PIPE,
        text=True,
        user=as_user,
        cwd="/",
    ) as runner:
        most = MostProcesses(runner.pid)
        most.start()
        try:
            printed, _ = runner.communicate(timeout=60)
        finally:
            most.stop()
    report = json.loads(printed)
    assert time.monotonic() - started < 30
    assert report["ending"] == "processes"
    assert report["unconfined"] == []  # this kernel has all the runner uses
    expected_uid = os.getuid() if as_user is None else as_user
    assert f"uid {expected_uid}" in report["output"]
    assert report["most"] == ceiling  # the reaper's count: it let the flood reach the ceiling
    assert most.largest <= ceiling  # and what was seen from outside never passed it


SIGNALLED_FORKS = """
import os, signal

signal.signal(signal.SIGCHLD, lambda *_: None)  # as a fork server does
for made in range(1, 201):
    if os.fork() == 0:
        os._exit(0)
    if made % 5 == 0:  # reap some: the others' SIGCHLD keeps arriving during the next forks
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass  # all reaped
print("forked", made)
"""


def test_a_fork_held_at_the_ceiling_is_not_broken_by_a_signal() -> None:
    """Each new process waits for the reaper's leave; a SIGCHLD arriving meanwhile must not
    make os.fork() fail (it did, with InterruptedError, for a tenth of the forks)."""
    run = launch.run(
        [sys.executable, "-c", SIGNALLED_FORKS], env=snippet.environment(), limits=launch.Limits()
    )
    assert (run.ending, run.output.strip()) == ("exit", "forked 200"), run.stderr[-2000:]
