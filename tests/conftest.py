"""Fixtures shared by every test: the repository on sys.path, start methods, the snippet runner,
the site built once per session."""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import time
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "hooks")]

from snippet_runner import launch, procfs, quiet, snippet  # noqa: E402  (needs the sys.path above)

# The site served and a browser to read it: fixtures for the browser tests.
pytest_plugins = ["browser_session"]

# Tests run snippets in this process too: give them SIGINT as on a terminal, as the build gives
# every snippet (its supervisor restores it at exec). A session started in the background of a
# shell script inherits SIGINT ignored, and so would every child of a snippet, fork, spawn and
# forkserver alike (a child told to stop with SIGINT would then sleep on).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

START_METHODS = ["fork", "spawn", "forkserver"]
# Long-lived helpers kept for the whole session: multiprocessing's own, and the snippet
# runner's supervisor (one per test process that has run a snippet).
SESSION_SERVICES = (
    "multiprocessing.forkserver",
    "multiprocessing.resource_tracker",
    str(launch.SUPERVISOR),
)
# Pids of children a session fixture keeps on purpose until the session ends (the browser
# tests' Playwright driver): the fixture that starts one adds it, and removes it when it stops.
SESSION_HELPERS: set[int] = set()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Tests share the machine with the site's build as a build's parts share it (`quiet`).

    Every test body holds the repository's quiet lock shared; a test marked `measure` holds it
    alone, as does a build's measurement, so under pytest-xdist the other worker pauses
    between its tests meanwhile instead of competing for the cores being measured.
    """
    with (quiet.alone if item.get_closest_marker("measure") else quiet.shared)():
        return (yield)


@pytest.fixture(autouse=True)
def _measurements_wait_for_the_site_build(request: pytest.FixtureRequest) -> None:
    """A measuring test runs once the session's site build is over: the build's unlocked
    parts (search indexing, the second language's pages) would compete for the cores."""
    if request.node.get_closest_marker("measure"):
        request.getfixturevalue("builds")


@pytest.fixture(params=START_METHODS)
def start_method(request: pytest.FixtureRequest) -> str:
    """Every multiprocessing snippet is tested under fork, spawn and forkserver."""
    return request.param


@cache
def mkdocs_config():
    """The project's MkDocs configuration, validated as `mkdocs build` reads it."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


def site_path() -> str:
    """The path part of `site_url` ("/python-concurrency/"): where the site is deployed."""
    return urlsplit(mkdocs_config()["site_url"] or "/").path


def build(site_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory, worker_id: str):
    """The site built twice in a row: whatever the cache held, then with a warm cache.

    It is built into `<web root>/<path of site_url>`, so the browser tests can serve it under
    the same sub-path as GitHub Pages does. Under pytest-xdist the workers share one build: the
    first to get here builds, the others wait for it and read what it left.
    """
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # this run's directory, common to its workers
    site = shared.joinpath("www", *site_path().strip("/").split("/"))
    record = shared / "builds.json"
    with open(shared / "builds.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            runs = [build(site), build(site)]
            record.write_text(
                json.dumps([{"returncode": r.returncode, "stderr": r.stderr} for r in runs])
            )
    first, second = (
        subprocess.CompletedProcess(args=["mkdocs", "build"], stdout="", **run)
        for run in json.loads(record.read_text())
    )
    assert first.returncode == 0, first.stderr[-5000:]
    assert second.returncode == 0, second.stderr[-5000:]
    return site, first, second


@pytest.fixture(scope="session")
def site(builds) -> Path:
    return builds[0]


@pytest.fixture
def run_script():
    """Run a snippet exactly as the build does: `run_script("snippets/x/y.py").output`."""

    def run(path: str | Path, timeout: float = 60) -> launch.Run:
        return snippet.execute(ROOT / path, launch.Limits(timeout=timeout))

    return run


def child_processes() -> dict[int, str]:
    """Live children of this test process, except the session's services."""
    children = {}
    for process in procfs.live_processes():
        if process.ppid != os.getpid() or process.pid in SESSION_HELPERS:
            continue
        try:
            cmdline = Path(f"/proc/{process.pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue  # ended meanwhile
        command = cmdline.decode(errors="replace").strip()
        if not any(service in command for service in SESSION_SERVICES):
            children[process.pid] = command
    return children


@pytest.fixture(autouse=True)
def no_process_left_behind():
    """A test that leaves a child process running fails (after a grace period for exits)."""
    yield
    deadline = time.monotonic() + 5
    while (left := child_processes()) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    assert not left, f"processes left behind: {left}"


@pytest.fixture
def mini_site(tmp_path: Path):
    """A throw-away site with the project's configuration and hooks (tests/minisite.py)."""
    from minisite import MiniSite

    site = MiniSite(tmp_path)
    yield site
    site.close()


def printed_by_notebook(site: Path, notebook: Path) -> str:
    """What a notebook's cells printed when the site was built, read from its page.

    The build executes every notebook (a cell that raises fails it); tests read the outputs
    instead of executing the notebooks a second time.
    """
    import html

    stem, language, _ = notebook.name.split(".")
    folder = notebook.parent.relative_to(ROOT / "docs")
    page = (site if language == "zh" else site / "en") / folder / stem / "index.html"
    outputs = re.findall(
        r'<div class="jp-RenderedText jp-OutputArea-output"[^>]*>\s*<pre>(.*?)</pre>',
        page.read_text(encoding="utf-8"),
        re.S,
    )
    assert outputs, f"no cell output on {page}"
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", output)) for output in outputs)
