"""Measure build and authoring speed on a fresh copy of the repository, against the goals.

    python scripts/bench.py            # 3 runs of each figure, then the test suite once
    python scripts/bench.py --runs 5 --test-runs 3
    python scripts/bench.py --skip-tests

Figures (medians of the runs):
  cold build    mkdocs build --strict with no snippet cache
  warm build    the same again, every snippet cached
  prose edit    under `mkdocs serve`: a page's text changes -> the new text is served
  snippet edit  under `mkdocs serve`: a snippet changes -> its new output is served
  tests         the whole test suite (pytest), from a fresh copy with no cache

Goals: cold <= 1.5 x (slowest snippet + warm); prose edit <= warm build (no snippet runs);
snippet edit runs exactly that snippet; tests < 180 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
from snippet_runner.session import SUMMARY  # noqa: E402  (the line the runner logs at each build)

PROSE_PAGE = "docs/processes/index.en.md"
PROSE_URL = "en/processes/"
SNIPPET = "snippets/processes/os_fork.py"
SNIPPET_URL = "processes/fork/"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def fresh_copy(into: Path) -> Path:
    """The tracked and untracked-but-not-ignored files of the repository, nothing cached."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    copy = into / "repo"
    for name in filter(None, listed):
        source = REPO / name.decode()
        if source.is_file():
            target = copy / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return copy


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0,):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed, done.stderr + done.stdout


def build(copy: Path) -> tuple[float, re.Match[str]]:
    elapsed, log = timed([sys.executable, "-m", "mkdocs", "build", "--strict"], copy)
    summary = SUMMARY.search(log)
    if summary is None:
        sys.exit(f"no snippet summary in the build log:\n{log[-2000:]}")
    return elapsed, summary


def site_path(copy: Path) -> str:
    """The path `mkdocs serve` serves the site under: that of `site_url`."""
    from mkdocs.config import load_config

    return urlsplit(load_config(str(copy / "mkdocs.yml"))["site_url"] or "/").path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, text: str, timeout: float = 120) -> float:
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


def serve_edits(copy: Path, runs: int) -> tuple[list[float], list[float], list[str]]:
    """Time a prose edit and a snippet edit under `mkdocs serve`, `runs` times each."""
    port = free_port()
    log_path = copy / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=copy,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=ENV,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}{site_path(copy)}"
    prose, snippet = [], []
    try:
        wait_for(base + PROSE_URL, "</html>", timeout=300)
        for run in range(runs):
            marker = f"prose-edit-{run}-{time.time_ns()}"
            page = copy / PROSE_PAGE
            page.write_text(page.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            prose.append(wait_for(base + PROSE_URL, marker))
            marker = f"snippet-edit-{run}-{time.time_ns()}"
            script = copy / SNIPPET
            script.write_text(
                script.read_text(encoding="utf-8") + f'print("{marker}")\n', encoding="utf-8"
            )
            snippet.append(wait_for(base + SNIPPET_URL, marker))
            time.sleep(0.5)  # let the server settle before the next edit
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    summaries = [m.group(0) for m in SUMMARY.finditer(log_path.read_text())]
    return prose, snippet, summaries


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each build figure")
    parser.add_argument("--test-runs", type=int, default=1, help="runs of the test suite")
    parser.add_argument("--skip-tests", action="store_true")
    args = parser.parse_args()

    cold, warm, slowest = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for run in range(args.runs):
            copy = fresh_copy(Path(tmp) / f"builds{run}")
            elapsed, summary = build(copy)
            cold.append(elapsed)
            slowest.append(float(summary[6]))
            print(f"cold build {run + 1}: {elapsed:.1f} s  [{summary.group(0)}]", flush=True)
            elapsed, summary = build(copy)
            warm.append(elapsed)
            print(f"warm build {run + 1}: {elapsed:.1f} s  [{summary.group(0)}]", flush=True)
        prose, snippet, serve_summaries = serve_edits(copy, args.runs)
        print("serve rebuilds:", *serve_summaries[1:], sep="\n  ")
        tests = []
        if not args.skip_tests:
            for run in range(args.test_runs):
                copy = fresh_copy(Path(tmp) / f"tests{run}")
                elapsed, log = timed(
                    [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], copy
                )
                tests.append(elapsed)
                print(f"tests {run + 1}: {elapsed:.1f} s  [{log.strip().splitlines()[-1]}]")

    cold_goal = 1.5 * (median(slowest) + median(warm))
    rows = [
        ("cold build", median(cold), cold_goal, "1.5 x (slowest snippet + warm build)"),
        ("warm build", median(warm), None, ""),
        ("prose edit, serve", median(prose), median(warm), "warm build"),
        (
            "snippet edit, serve",
            median(snippet),
            median(warm) + 1.5 * median(slowest),
            "warm + snippet",
        ),
    ]
    if tests:
        rows.append(("test suite", median(tests), 180.0, "3 minutes"))
    print(f"\nmedians of {args.runs} runs (tests: {len(tests)})")
    print(f"{'figure':<22}{'seconds':>9}{'goal':>9}{'ratio':>8}  goal is")
    for name, value, goal, meaning in rows:
        if goal is None:
            print(f"{name:<22}{value:>9.2f}")
        else:
            print(f"{name:<22}{value:>9.2f}{goal:>9.2f}{value / goal:>8.2f}  {meaning}")


if __name__ == "__main__":
    main()
