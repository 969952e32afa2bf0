"""Fixtures shared by every test: the repository on sys.path, start methods, the snippet runner."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "hooks")]

import snippet_runner  # noqa: E402  (needs the sys.path above)

START_METHODS = ["fork", "spawn", "forkserver"]
# Long-lived helpers multiprocessing itself keeps for the whole session.
MULTIPROCESSING_SERVICES = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")


@pytest.fixture(params=START_METHODS)
def start_method(request: pytest.FixtureRequest) -> str:
    """Every multiprocessing snippet is tested under fork, spawn and forkserver."""
    return request.param


@pytest.fixture
def run_script():
    """Run a snippet exactly as the build does: `run_script("snippets/x/y.py").output`."""

    def run(path: str | Path, timeout: float = 60) -> snippet_runner.Result:
        return snippet_runner.execute(ROOT / path, timeout=timeout)

    return run


def child_processes() -> dict[int, str]:
    """Live children of this test process, except multiprocessing's own services."""
    me = str(os.getpid())
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, UnicodeDecodeError):
            continue
        if (
            fields[1] == me
            and fields[0] != "Z"
            and not any(service in cmdline for service in MULTIPROCESSING_SERVICES)
        ):
            children[int(stat.parent.name)] = cmdline.strip()
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
