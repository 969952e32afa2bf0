"""Measure build and authoring speed on fresh copies of the repository, side by side with a commit.

    python scripts/bench.py                      # this tree: 3 runs of each figure
    python scripts/bench.py --against 4e7e1be    # and that commit, in alternating pairs
    python scripts/bench.py --of f1f3c4c --against 5c3826d --figures cold,cold-cpu
    python scripts/bench.py --figures prose,snippet --runs 5
    python scripts/bench.py --figures tests --runs 3

Figures (medians of the runs; each run of each tree starts from a fresh copy, nothing cached):
  cold     mkdocs build --strict with no snippet cache
  warm     the same again, every snippet cached
  cold-cpu, warm-cpu  the CPU time of those builds and of every process they waited for
           (load stretches wall time, much less CPU time)
  prose    under the README's serve command: a page's text changes -> the new text is served
  snippet  under the README's serve command: a snippet changes -> its new output is served
           (--edits of each per run, under one server: a run's figure is their median)
  fresh    the README's build-and-serve command on a fresh copy (a new venv, its packages
           installed) until the site answers
  tests    the README's test command's pytest, on a fresh copy

With --against, the runs alternate between the two trees (this one first in odd runs, the
other in even runs), so that a slow moment of the machine falls on both alike; the table gives
each tree's median and their ratio.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
PROSE_PAGE = "docs/processes/index.en.md"
PROSE_URL = "en/processes/"
SNIPPET = "snippets/processes/os_fork.py"
SNIPPET_URL = "processes/fork/"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SUMMARY = re.compile(r"snippets: \d+ ran, .*")
FIGURES = ("cold", "cold-cpu", "warm", "warm-cpu", "prose", "snippet", "fresh", "tests")


def copy_of(commit: str | None, into: Path) -> Path:
    """This working tree's tracked and unignored files (`commit` None), or `commit`'s tree."""
    into.mkdir(parents=True)
    if commit is not None:
        archive = subprocess.run(
            ["git", "archive", commit], cwd=REPO, capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(into, filter="data")
        return into
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = REPO / name.decode()
        if source.is_file():
            target = into / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return into


def readme_command(copy: Path, word: str) -> str:
    """The README's one-line command that contains `word` (`mkdocs serve`, `pytest`)."""
    for line in (copy / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("python3 -m venv") and word in line:
            return line
    sys.exit(f"no command with {word!r} in {copy / 'README.md'}")


def serve_options(copy: Path) -> list[str]:
    """What the README passes to `mkdocs serve` (e.g. --dirty)."""
    command = readme_command(copy, "mkdocs serve")
    return shlex.split(command.split("mkdocs serve", 1)[1])


def timed(command: list[str], cwd: Path, env: dict[str, str] = ENV) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}) in {cwd}:\n{done.stderr[-3000:]}")
    return elapsed, done.stderr + done.stdout


def build(copy: Path) -> tuple[float, float, str]:
    """The build's wall time, the CPU time of the build and every process it waited for
    (snippets, runner, kernels: what load cannot inflate the way it inflates wall time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed, log = timed([sys.executable, "-m", "mkdocs", "build", "--strict"], copy)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    summary = SUMMARY.search(log)
    return elapsed, cpu, summary.group(0) if summary else "(no summary)"


def site_path(copy: Path) -> str:
    """The path `mkdocs serve` serves the site under: that of `site_url`."""
    text = (copy / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(r"^site_url:\s*(?:!ENV \[\w+, )?['\"]?([^'\"\]\s]+)", text, re.M)
    return urlsplit(found[1]).path if found else "/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, text: str, timeout: float = 300) -> float:
    """Seconds until `url` serves a page containing `text`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.02)
    sys.exit(f"{url} never showed {text!r}")


class Server:
    """A command that serves the site on a free port, stopped with its process group."""

    def __init__(self, command: str, copy: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}{site_path(copy)}"
        self.log = (copy / "serve.log").open("w")
        self.process = subprocess.Popen(
            ["bash", "-c", f"{command} -a 127.0.0.1:{self.port}"],
            cwd=copy,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={k: v for k, v in ENV.items() if k != "VIRTUAL_ENV"},
            start_new_session=True,
        )

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def edits_served(copy: Path, kinds: list[str], edits: int) -> dict[str, list[float]]:
    """Under one server: seconds from each edit (`prose` or `snippet`, `edits` of each, in
    turn) until the served page shows it."""
    command = shlex.join([sys.executable, "-m", "mkdocs", "serve", *serve_options(copy)])
    server = Server(command, copy)
    taken: dict[str, list[float]] = {kind: [] for kind in kinds}
    try:
        wait_for(server.base + PROSE_URL, "</html>")
        time.sleep(1)  # the watcher is on once the first build is served
        for _ in range(edits):
            for kind in kinds:
                marker = f"{kind}-edit-{time.time_ns()}"
                if kind == "prose":
                    path, url, added = copy / PROSE_PAGE, PROSE_URL, f"\n{marker}\n"
                else:
                    path, url, added = copy / SNIPPET, SNIPPET_URL, f'print("{marker}")\n'
                path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
                taken[kind].append(wait_for(server.base + url, marker))
                time.sleep(1)  # the rebuild's reload is over before the next edit
        return taken
    finally:
        server.stop()


def fresh_answer(copy: Path) -> float:
    """Seconds the README's build-and-serve command takes on a fresh copy until it answers."""
    server = Server(readme_command(copy, "mkdocs serve"), copy)
    started = time.perf_counter()
    try:
        wait_for(server.base, "</html>", timeout=600)
        return time.perf_counter() - started
    finally:
        server.stop()


def suite(copy: Path) -> float:
    elapsed, _ = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], copy)
    return elapsed


def measure(
    figures: list[str], copy_of_tree: Callable[[Path], Path], tmp: Path, edits: int
) -> dict:
    """One run of each figure on fresh copies of one tree."""
    found: dict[str, float] = {}
    if {"cold", "cold-cpu", "warm", "warm-cpu", "prose", "snippet"} & set(figures):
        copy = copy_of_tree(tmp / "builds")
        found["cold"], found["cold-cpu"], summary = build(copy)
        cpu = found["cold-cpu"]
        print(f"    cold {found['cold']:.1f} s, {cpu:.1f} CPU-s [{summary}]", flush=True)
        found["warm"], found["warm-cpu"], summary = build(copy)
        cpu = found["warm-cpu"]
        print(f"    warm {found['warm']:.1f} s, {cpu:.1f} CPU-s [{summary}]", flush=True)
        kinds = [kind for kind in ("prose", "snippet") if kind in figures]
        if kinds:
            for kind, taken in edits_served(copy, kinds, edits).items():
                found[kind] = statistics.median(taken)
                shown = ", ".join(f"{seconds:.2f}" for seconds in taken)
                print(f"    {kind} edits served in {shown} s", flush=True)
    if "fresh" in figures:
        found["fresh"] = fresh_answer(copy_of_tree(tmp / "fresh"))
        print(f"    fresh clone answered in {found['fresh']:.1f} s", flush=True)
    if "tests" in figures:
        found["tests"] = suite(copy_of_tree(tmp / "tests"))
        print(f"    tests {found['tests']:.1f} s", flush=True)
    return {name: value for name, value in found.items() if name in figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--of", metavar="COMMIT", help="measure this commit, not the working tree")
    parser.add_argument("--against", metavar="COMMIT", help="measure this commit too")
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure per tree")
    parser.add_argument("--figures", default="cold,warm,prose,snippet", help=",".join(FIGURES))
    parser.add_argument("--edits", type=int, default=1, help="edits of each kind per run")
    args = parser.parse_args()
    figures = args.figures.split(",")
    if unknown := set(figures) - set(FIGURES):
        parser.error(f"unknown figures {sorted(unknown)}; known: {', '.join(FIGURES)}")
    trees: dict[str, str | None] = {args.of or "this tree": args.of}
    if args.against:
        trees[args.against] = args.against
    results: dict[str, list[dict]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for run in range(args.runs):
            order = list(trees) if run % 2 == 0 else list(reversed(trees))
            for name in order:
                print(f"run {run + 1}, {name}:", flush=True)
                place = Path(tmp) / f"{run}-{name.replace(' ', '-')}"

                def tree_copy(into: Path, commit: str | None = trees[name]) -> Path:
                    return copy_of(commit, into)

                results[name].append(measure(figures, tree_copy, place, args.edits))
    print(f"\nmedians of {args.runs} runs")
    header = f"{'figure':<10}" + "".join(f"{name:>14}" for name in trees)
    print(header + ("     ratio" if args.against else ""))
    for figure in figures:
        medians = [statistics.median(r[figure] for r in results[name]) for name in trees]
        line = f"{figure:<10}" + "".join(f"{value:>14.2f}" for value in medians)
        if args.against:
            line += f"{medians[0] / medians[1]:>10.2f}"
        print(line)


if __name__ == "__main__":
    main()
