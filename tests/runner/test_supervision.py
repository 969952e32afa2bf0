"""Runs under the supervisor: limits, deadlines, output ceiling, and nothing left behind.

Each test runs small commands through `launch.run`, the way every snippet and notebook runs,
and checks in /proc that no process of the run survives it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest
from snippet_runner import launch, procfs, snippet

MiB = launch.MiB


def python(code: str, limits: launch.Limits = launch.Limits(), **env: str) -> launch.Run:
    return launch.run(
        [sys.executable, "-c", textwrap.dedent(code)], env={**os.environ, **env}, limits=limits
    )


def alive_with(marker: str) -> list[int]:
    """Live processes whose command line holds `marker`."""
    return [p.pid for p in procfs.live_processes() if marker in procfs.command_line(p.pid)]


@pytest.fixture
def marker() -> str:
    return f"marker-{uuid.uuid4().hex}"


def test_output_holds_both_streams_and_stderr_is_kept_apart() -> None:
    run = python(
        """
        import sys
        print("one")
        print("two", file=sys.stderr)
        print("three")
        sys.exit(3)
        """,
        PYTHONUNBUFFERED="1",
    )
    # Two pipes: what arrives on both at once is read in either order; each keeps its own.
    assert sorted(run.output.splitlines()) == ["one", "three", "two"]
    assert run.output.index("one") < run.output.index("three")
    assert (run.stderr, run.returncode, run.ending) == ("two\n", 3, "exit")


def test_timeout_kills_the_command_and_all_it_started(marker: str) -> None:
    started = time.monotonic()
    run = python(
        f"""
        import os, subprocess, time
        subprocess.Popen(["sh", "-c", "sleep 600 # {marker}"])
        subprocess.Popen(["sh", "-c", "sleep 600 # {marker}"], start_new_session=True)
        print("started", flush=True)
        time.sleep(600)
        """,
        launch.Limits(timeout=2),
    )
    assert time.monotonic() - started < 10
    assert (run.ending, run.returncode, run.output) == ("timeout", None, "started\n")
    assert len(run.killed) >= 2  # both shells (and their sleeps, if they had started)
    assert alive_with(marker) == []


def test_flood_is_stopped_at_the_output_limit_at_once(marker: str) -> None:
    started = time.monotonic()
    run = python(
        f"""
        import subprocess, sys
        subprocess.Popen(["sh", "-c", "sleep 600 # {marker}"], start_new_session=True)
        while True:
            sys.stdout.write("x" * 1000 + "\\n")
        """,
        launch.Limits(timeout=30, output=1 * MiB),
    )
    assert time.monotonic() - started < 5
    assert run.ending == "output"
    assert len(run.output.encode()) == 1 * MiB  # the start of it, nothing beyond the limit
    assert alive_with(marker) == []


def test_every_process_gets_the_memory_limit_and_an_allocation_fails_fast(
    tmp_path: Path,
) -> None:
    script = tmp_path / "hoard.py"  # a file: spawned children import their functions from it
    script.write_text(
        textwrap.dedent(
            """
        import multiprocessing as mp

        def data_limit():
            with open("/proc/self/limits") as limits:
                line = next(line for line in limits if line.startswith("Max data size"))
            return int(line.split()[3])

        if __name__ == "__main__":
            with mp.get_context("spawn").Pool(1) as pool:
                print(data_limit(), pool.apply(data_limit))
            hoard = []
            while True:
                hoard.append("x" * 1000)
            """
        )
    )
    run = snippet.execute(script, launch.Limits(memory=256 * MiB), cwd=tmp_path)
    assert run.output.split()[:2] == [str(256 * MiB)] * 2
    assert run.returncode == 1
    assert run.stderr.rstrip().endswith("MemoryError")


def test_no_file_grows_past_the_file_size_limit() -> None:
    run = python(
        """
        import os
        try:
            with open("big", "wb") as big:  # in the run's own folder
                big.write(b"x" * (4 << 20))
        finally:
            print("size", os.path.getsize("big"))
        """,
        launch.Limits(file_size=1 * MiB),
    )
    assert run.returncode == 1 and "File too large" in run.stderr
    assert 0 < int(re.search(r"^size (\d+)$", run.output, re.M)[1]) <= 1 * MiB


@pytest.mark.parametrize("escape", ["double fork and setsid", "Popen(start_new_session=True)"])
def test_processes_that_left_the_session_are_found_and_killed(marker: str, escape: str) -> None:
    daemonise = {
        "double fork and setsid": f"""
            import os, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execvp("sh", ["sh", "-c", "sleep 600 # {marker}"])
                os._exit(0)
            os.wait()
            """,
        "Popen(start_new_session=True)": f"""
            import subprocess
            subprocess.Popen(["sh", "-c", "sleep 600 # {marker}"], start_new_session=True)
            """,
    }[escape]
    run = python(daemonise + 'print("done")\n', launch.Limits(timeout=30, grace=0.5))
    assert (run.returncode, run.output) == (0, "done\n")
    assert run.ending == "left"
    assert any(marker in command for command in run.killed)
    assert alive_with(marker) == []


def test_helpers_that_end_by_themselves_are_not_left_behind() -> None:
    # multiprocessing's resource tracker and fork server outlive the main process briefly.
    run = python(
        """
        import multiprocessing as mp
        from multiprocessing import shared_memory

        if __name__ == "__main__":
            block = shared_memory.SharedMemory(create=True, size=16)
            block.close()
            block.unlink()
            with mp.get_context("forkserver").Pool(2) as pool:
                print(pool.map(abs, [-1, -2]))
        """
    )
    assert (run.ending, run.returncode, run.killed) == ("exit", 0, [])


def test_sigint_is_as_on_a_terminal_even_when_the_build_ignores_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A build started in the background of a shell script inherits SIGINT ignored, and so
    # does the supervisor it starts.
    script = tmp_path / "sigint.py"
    script.write_text(
        "import signal\nprint(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n"
    )
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    fresh = launch.Supervisor()
    monkeypatch.setattr(launch, "supervisor", fresh)
    try:
        result = snippet.execute(script, cwd=tmp_path)
    finally:
        signal.signal(signal.SIGINT, previous)
        fresh.close()
    assert (result.returncode, result.output) == (0, "True\n")


def test_a_supervisor_that_died_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = launch.Supervisor()
    monkeypatch.setattr(launch, "supervisor", fresh)
    try:
        assert python('print("first")').output == "first\n"
        os.kill(fresh.pid, signal.SIGKILL)
        assert python('print("second")').output == "second\n"
    finally:
        fresh.close()


def test_nothing_keeps_running_when_the_runner_itself_is_killed(marker: str) -> None:
    # The process that asked for the run (MkDocs) dies: the run's reaper ends it.
    runner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import os, sys
                from pathlib import Path
                sys.path.insert(0, {str(Path(launch.__file__).parents[1])!r})
                from snippet_runner import launch
                launch.run(["sh", "-c", "sleep 600 # {marker}"], cwd=Path.cwd(),
                           env=dict(os.environ), limits=launch.Limits(timeout=60))
                """
            ),
        ]
    )
    deadline = time.monotonic() + 20
    while not alive_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive_with(marker), "the run never started"
    runner.kill()
    runner.wait()
    deadline = time.monotonic() + 10
    while alive_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive_with(marker) == []
