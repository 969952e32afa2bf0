"""A throw-away site with the project's configuration and hooks, and a test's own pages.

The runner's tests build one (`mini_site` fixture in conftest) with a few snippets, pages and
notebooks of their own, so what they test is the mechanism the real site uses.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

from conftest import ROOT
from snippet_runner import launch, procfs
from snippet_runner.session import SUMMARY

SUPERVISOR = launch.SUPERVISOR.relative_to(ROOT)  # the site's copy of the hooks has one


class Build(subprocess.CompletedProcess):
    """A finished build: its log, how long it took, its peak memory and most run processes."""

    def __init__(
        self, args, returncode, stdout, stderr, seconds: float, peak: int, processes: int
    ) -> None:
        super().__init__(args, returncode, stdout, stderr)
        self.seconds = seconds
        self.peak = peak  # bytes: the largest total resident memory of the build's processes
        self.processes = processes  # the most processes of its runs seen at once


def in_run_folder(pid: int) -> bool:
    """Whether the process works in a run's folder (`snippet_runner.sandbox`)."""
    try:
        return "/snippet-runs-" in os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return False


class Largest(threading.Thread):
    """Samples a figure about a process and all its descendants, keeping the largest seen."""

    def __init__(self, pid: int, every: float) -> None:
        super().__init__(name=type(self).__name__, daemon=True)
        self.pid, self.every, self.largest = pid, every, 0
        self._done = threading.Event()

    def sample(self) -> int:
        raise NotImplementedError

    def run(self) -> None:
        while not self._done.wait(self.every):
            self.largest = max(self.largest, self.sample())

    def stop(self) -> None:
        self._done.set()
        self.join()


class MostProcesses(Largest):
    """How many processes of the build's runs exist at once, seen from outside: those below
    the build working in a run's folder (zombies included)."""

    def __init__(self, pid: int, every: float = 0.002) -> None:
        super().__init__(pid, every)

    def sample(self) -> int:
        return sum(in_run_folder(process.pid) for process in procfs.descendants(self.pid))


class PeakMemory(Largest):
    """The memory of a process and all its descendants together.

    Each process counts its proportional set size (PSS): a page that forked processes share is
    split between them, not counted once per process as resident sizes would.
    """

    def __init__(self, pid: int, every: float = 0.02) -> None:
        super().__init__(pid, every)

    def sample(self) -> int:
        total = 0
        for pid in [self.pid] + [p.pid for p in procfs.descendants(self.pid)]:
            with contextlib.suppress(OSError, StopIteration, ValueError):
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
                pss = next(line for line in rollup if line.startswith("Pss:"))
                total += int(pss.split()[1]) << 10
        return total


class MiniSite:
    """The project's mkdocs.yml (no nav) and hooks, with a test's own pages and snippets."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Outside the site, and writable by its runs as /dev/shm is: where a test's snippets
        # leave what the test reads of them (they can write nowhere in the site).
        self.outside = Path(tempfile.mkdtemp(prefix="minisite-", dir="/dev/shm"))
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
        (root / "statements").mkdir()  # watched by `mkdocs serve`, as the project's is

    def close(self) -> None:
        shutil.rmtree(self.outside, ignore_errors=True)

    def snippet(self, name: str, code: str) -> str:
        path = self.root / "snippets" / name
        path.write_text(textwrap.dedent(code).lstrip(), encoding="utf-8")
        return f"snippets/{name}"

    def page(self, name: str, body: str, *, languages: tuple[str, ...] = ("zh", "en")) -> None:
        for language in languages:
            text = f"# {name} {{ #top }}\n\n{textwrap.dedent(body)}"
            (self.root / "docs" / f"{name}.{language}.md").write_text(text, encoding="utf-8")

    def notebook(
        self,
        name: str,
        code: str,
        *,
        languages: tuple[str, ...] = ("zh", "en"),
        tags: tuple[str, ...] = (),
    ) -> None:
        """A notebook page with one code cell (its metadata `tags`), in each language."""
        notebook = {
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "source": f"# {name} {{ #top }}"},
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": {"tags": list(tags)} if tags else {},
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

    def copy_page(self, stem: str, *, as_index: bool = True) -> dict[str, Path]:
        """The real site's page `stem` ("processes/pool") in both languages, with its statements
        and every snippet it shows (and the project modules they import), as the home page of
        this site (or under its own name). Returns the copied snippets by their repository path:
        a test edits one, builds, and sees what the page's sentences say of it."""
        from snippet_runner import cache

        target = "index" if as_index else stem
        copied: dict[str, Path] = {}
        for language in ("zh", "en"):
            text = (ROOT / "docs" / f"{stem}.{language}.md").read_text(encoding="utf-8")
            # Links to other pages of the real site lead nowhere here: keep their text only.
            text = re.sub(r"\[([^\]]*)\]\((?!https?:)[^)]*\)", r"\1", text)
            page = self.root / "docs" / f"{target}.{language}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(text, encoding="utf-8")
            for include in re.findall(r'--8<-- "(snippets/[^"]+)"', text):
                source = ROOT / include
                for path in [source, *cache.project_imports(source)]:
                    relative = path.relative_to(ROOT)
                    copy = self.root / relative
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    for folder in relative.parents:  # packages keep their __init__.py
                        init = ROOT / folder / "__init__.py"
                        if init.is_file() and not (self.root / folder / "__init__.py").exists():
                            shutil.copy(init, self.root / folder / "__init__.py")
                    shutil.copy(path, copy)
                    copied[relative.as_posix()] = copy
        statements = ROOT / "statements" / f"{stem}.py"
        if statements.is_file():
            destination = self.root / "statements" / f"{target}.py"
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(statements, destination)
        return copied

    def settings(self, **runner: str) -> None:
        """Set `extra.snippet_runner` options (timeout, output_limit, memory_limit, …)."""
        path = self.root / "mkdocs.yml"
        config = path.read_text(encoding="utf-8")
        for name, value in runner.items():
            config, found = re.subn(
                rf"^(    {name}:)[^#\n]*", rf"\g<1> {value}  ", config, count=1, flags=re.M
            )
            assert found, f"no snippet_runner.{name} in mkdocs.yml"
        path.write_text(config, encoding="utf-8")

    def build(self, timeout: float = 120) -> Build:
        """`mkdocs build --strict`, with its time and the peak memory of its whole process tree."""
        started = time.monotonic()
        with subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            start_new_session=True,  # a build that hangs is killed with its group
        ) as build:
            peak, most = PeakMemory(build.pid), MostProcesses(build.pid)
            peak.start()
            most.start()
            try:
                stdout, stderr = build.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(build.pid, signal.SIGKILL)  # its runner's supervisor then ends the runs
                build.communicate()
                raise
            finally:
                peak.stop()
                most.stop()
        seconds = time.monotonic() - started
        return Build(
            build.args, build.returncode, stdout, stderr, seconds, peak.largest, most.largest
        )

    def fingerprint(self) -> dict[str, str]:
        """Every file of the site's tree but what a build makes on purpose (the site, the
        cache, the bytecode of the hooks MkDocs imports), each with a hash of its content."""
        found = {}
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            made = relative.parts[0] in ("site", ".cache") or (
                relative.parts[0] == "hooks" and "__pycache__" in relative.parts
            )
            if path.is_file() and not made:
                found[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif not path.is_dir() and not made:
                found[str(relative)] = "not a file"
        return found

    def leftovers(self, patience: float = 5.0, keep: tuple[int, ...] = ()) -> list[str]:
        """Commands of live processes of this site's runs, once the runner had time to end them:
        working in the site, or started with it in their environment (a snippet's PYTHONPATH).

        `keep`: pids of processes meant to be running (a `mkdocs serve`), and their supervisor.
        """
        deadline = time.monotonic() + patience
        while True:
            found = []
            running = procfs.live_processes()
            kept = set(keep) | {
                process.pid
                for process in running
                if process.ppid in keep
                and str(self.root / SUPERVISOR) in procfs.command_line(process.pid)
            }
            for process in running:
                with contextlib.suppress(OSError):
                    cwd = os.readlink(f"/proc/{process.pid}/cwd")
                    inside = cwd == str(self.root) or cwd.startswith(f"{self.root}/")
                    environment = Path(f"/proc/{process.pid}/environ").read_bytes()
                    inside |= f"{self.root}/".encode() in environment
                    if inside and process.pid not in kept:
                        found.append(procfs.command_line(process.pid))
            if not found or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

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
