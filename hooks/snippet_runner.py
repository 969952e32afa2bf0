"""MkDocs hook: run every executed ```python block as a real script, with a timeout and a cache.

markdown-exec's own Python executor runs code inside the MkDocs process, where `__name__` is not
"__main__", forked children's prints are lost and spawn cannot pickle. This hook replaces that
executor (markdown-exec's `formatters` dict is the extension point) with one that runs each
snippet file as `python snippets/…/x.py` in its own process group, kills the whole group at the
timeout, and caches the result under `.cache/snippets/`, keyed by everything the run depends on.

The pure part (`execute`, `cache_key`) is importable by the tests.
"""

from __future__ import annotations

import ast
import codecs
import contextlib
import hashlib
import json
import logging
import os
import re
import selectors
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

RUNNER_VERSION = "1"
ROOT = Path(__file__).resolve().parent.parent
SNIPPETS_DIR = ROOT / "snippets"
CACHE_DIR = ROOT / ".cache" / "snippets"
# A sitecustomize that makes stdout/stderr line-buffered in every Python process a snippet
# starts (spawned and forkserver children included): through a pipe they would be
# block-buffered, so fork() would duplicate unflushed lines and children's output would
# arrive out of order.
LINE_BUFFERED_SITE = Path(__file__).resolve().parent / "snippet_site"
MAX_TIMEOUT = 60.0
# After the script exits, how long its leftover children may keep the output pipes open.
DRAIN_GRACE = 2.0
TAB_LABELS = {"zh": ("源代码", "运行结果"), "en": ("Source", "Output")}

log = logging.getLogger("mkdocs.plugins.snippet_runner")

# MkDocs loads a hook as a module named after its path ("hooks/snippet_runner.py"); the hooks
# that import this one by name must get this very module, build state and all, not a copy.
sys.modules["snippet_runner"] = sys.modules[__name__]


# --------------------------------------------------------------------------- running


@dataclass
class Result:
    """What one run of a snippet produced."""

    output: str  # stdout and stderr interleaved in the order they were read
    stderr: str
    returncode: int | None  # None: killed at the timeout
    duration: float
    killed: int = 0  # processes still alive in the group when it was killed at the timeout


def execute(
    script: Path, *, timeout: float, cwd: Path = ROOT, interpreter: str = sys.executable
) -> Result:
    """Run `script` as `__main__` in a new process group; kill the group at `timeout` seconds.

    The build runs snippets with the interpreter that runs MkDocs; tests may pick another.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONUNBUFFERED", "PYTHONSTARTUP"}}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(LINE_BUFFERED_SITE), str(ROOT)]
        + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    env["PYTHONUTF8"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env.setdefault("COLUMNS", "88")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [interpreter, str(script)],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    decoders = {
        name: codecs.getincrementaldecoder("utf-8")(errors="replace") for name in ("out", "err")
    }
    combined: list[str] = []
    stderr: list[str] = []
    killed = 0
    timed_out = False
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ, "out")
        selector.register(proc.stderr, selectors.EVENT_READ, "err")
        deadline = start + timeout
        while selector.get_map():
            if proc.poll() is not None:
                # The script is done; children it left behind may still hold the pipes.
                deadline = min(deadline, time.perf_counter() + DRAIN_GRACE)
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                timed_out = proc.poll() is None
                break
            for key, _ in selector.select(timeout=min(remaining, 0.1)):
                chunk = os.read(key.fileobj.fileno(), 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                    continue
                text = decoders[key.data].decode(chunk)
                combined.append(text)
                if key.data == "err":
                    stderr.append(text)
    if timed_out:
        killed = len(process_group_members(proc.pid))
    kill_process_group(proc.pid)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    # Tracebacks name the snippet by its absolute path: show it relative to the repository.
    prefix = f"{cwd}{os.sep}"
    return Result(
        output="".join(combined).replace(prefix, ""),
        stderr="".join(stderr).replace(prefix, ""),
        returncode=None if timed_out else proc.returncode,
        duration=time.perf_counter() - start,
        killed=killed,
    )


def kill_process_group(pgid: int) -> None:
    """SIGKILL every process left in the group: no snippet leaves a process behind."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


@dataclass(frozen=True)
class LiveProcess:
    pid: int
    ppid: int
    pgrp: int


def live_processes() -> list[LiveProcess]:
    """Every process on the machine that has not ended (zombies left out), from Linux /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (command)"
        except OSError:
            continue  # ended meanwhile
        if fields[0] != "Z":
            found.append(LiveProcess(int(stat.parent.name), int(fields[1]), int(fields[2])))
    return found


def process_group_members(pgid: int) -> list[int]:
    """Pids of the live processes whose process group is `pgid`."""
    return [process.pid for process in live_processes() if process.pgrp == pgid]


# --------------------------------------------------------------------------- caching


def project_imports(script: Path, root: Path = ROOT) -> list[Path]:
    """Project modules `script` imports, directly or through each other, as files."""
    found: set[Path] = set()
    pending = [script]
    while pending:
        module = pending.pop()
        try:
            tree = ast.parse(module.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
            continue
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                for base in (root, module.parent):
                    for candidate in _module_files(base, name):
                        if candidate not in found and candidate != script:
                            found.add(candidate)
                            pending.append(candidate)
    return sorted(found)


def _module_files(base: Path, dotted: str) -> list[Path]:
    parts = dotted.split(".")
    files = []
    for depth in range(1, len(parts) + 1):
        stem = base.joinpath(*parts[:depth])
        for candidate in (stem.with_suffix(".py"), stem / "__init__.py"):
            if candidate.is_file():
                files.append(candidate.resolve())
    return files


def cache_key(script: Path, root: Path = ROOT) -> str:
    """Content, imported project modules, interpreter and runner version: all a run depends on."""
    digest = hashlib.sha256()
    digest.update(f"runner {RUNNER_VERSION}\n{sys.version}\n{sys.executable}\n".encode())
    for path in [script, *project_imports(script, root)]:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def load_cached(key: str) -> Result | None:
    try:
        return Result(**json.loads((CACHE_DIR / f"{key}.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def store_cached(key: str, result: Result) -> None:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = CACHE_DIR / f"{key}.json.tmp{os.getpid()}"
    tmp.write_text(json.dumps(asdict(result), ensure_ascii=False), encoding="utf-8")
    tmp.replace(CACHE_DIR / f"{key}.json")


# --------------------------------------------------------------------------- one build


@dataclass
class BuildState:
    """What the current build (all languages) has run, so each snippet runs at most once."""

    depth: int = 0  # mkdocs-static-i18n nests one build per extra language inside the first
    started: float = 0.0
    results: dict[str, Result] = field(default_factory=dict)
    ran: dict[str, tuple[str, float]] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    page: str = "?"
    language: str = "zh"
    default_timeout: float = 30.0
    workers: int = 6
    # Runs started ahead of the pages that show them (see `start_runs_ahead`).
    ahead: dict[str, Future[Result]] = field(default_factory=dict)
    # Files do not change during a build: what was derived from them is worked out once.
    keys: dict[Path, str] = field(default_factory=dict)
    snippets_by_content: dict[str, Path] | None = None

    def key_of(self, script: Path) -> str:
        if script not in self.keys:
            self.keys[script] = cache_key(script)
        return self.keys[script]

    def snippet_of(self, code: str) -> Path | None:
        """The file under snippets/ whose content is `code` (what `--8<--` included), if any."""
        if self.snippets_by_content is None:
            self.snippets_by_content = {}
            for path in sorted((ROOT / "snippets").rglob("*.py"), reverse=True):
                self.snippets_by_content[path.read_text(encoding="utf-8").strip()] = path
        return self.snippets_by_content.get(textwrap.dedent(code).strip())


state = BuildState()


@dataclass(frozen=True)
class Block:
    """An executed python block found in a page's Markdown before the page is rendered."""

    script: Path
    timeout: float
    alone: bool  # a timing measurement: nothing else may run beside it


FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?:python|py)\b(?P<options>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
OPTION = re.compile(r"""(\w+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")
FALSE = {"", "0", "no", "off", "false"}


def block_of(script: Path, options: dict[str, str], default_timeout: float) -> Block:
    """What a block's fence options say about running its snippet (read ahead and at render)."""
    timeout = min(float(options.get("timeout", default_timeout)), MAX_TIMEOUT)
    return Block(script, timeout, alone=options.get("alone", "").lower() not in FALSE)


def blocks_in(markdown: str, root: Path, default_timeout: float) -> list[Block]:
    """The executed blocks of a page whose snippet file exists."""
    blocks = []
    for fence in FENCE.finditer(markdown):
        options = {m[1]: m[2] or m[3] or m[4] or "" for m in OPTION.finditer(fence["options"])}
        if options.get("exec", "").lower() in FALSE:
            continue
        for line in fence["body"].splitlines():
            include = INCLUDE_LINE.match(line)
            script = include and root / include["path"].split(":", 1)[0]
            if script and script.is_file():
                blocks.append(block_of(script.resolve(), options, default_timeout))
    return blocks


def start_runs_ahead(docs_dir: Path) -> None:
    """Run every snippet the cache lacks before any page asks for one.

    Blocks marked alone="1" (timing measurements) run first, one at a time, while nothing else
    of the build runs, so nothing distorts their figures. Then the others all start side by
    side: they mostly sleep on purpose, so a cold build costs about its slowest snippet, not
    the sum of all.
    """
    together: dict[str, Block] = {}
    alone: dict[str, Block] = {}
    for page in sorted(docs_dir.rglob("*.md")):
        for block in blocks_in(page.read_text(encoding="utf-8"), ROOT, state.default_timeout):
            key = state.key_of(block.script)
            if key in together or key in alone or (CACHE_DIR / f"{key}.json").exists():
                continue
            (alone if block.alone else together)[key] = block
    for key, block in alone.items():
        state.ahead[key] = Future()
        state.ahead[key].set_result(execute(block.script, timeout=block.timeout))
    if not together:
        return
    pool = ThreadPoolExecutor(max_workers=state.workers, thread_name_prefix="snippet")
    for key, block in together.items():
        state.ahead[key] = pool.submit(execute, block.script, timeout=block.timeout)
    pool.shutdown(wait=False)


def run_snippet(script: Path, timeout: float, expected_returncode: int = 0) -> Result:
    """The snippet's result: from this build, from the disk cache, or from a fresh run.

    Only a run that ends with the expected code is cached, so a failing snippet runs again
    in the next build (but only once in this one, whatever the number of languages).
    """
    key = state.key_of(script)
    if key in state.results:
        return state.results[key]
    result = load_cached(key)
    if result is not None:
        state.cached.add(key)
    else:
        started_ahead = state.ahead.pop(key, None)
        result = started_ahead.result() if started_ahead else execute(script, timeout=timeout)
        state.ran[key] = (str(script.relative_to(ROOT)), result.duration)
        if result.returncode == expected_returncode:
            store_cached(key, result)
    state.results[key] = result
    return result


def failure(result: Result, expected: int, timeout: float) -> str | None:
    """Why `result` fails its block, or None."""
    if result.returncode is None:
        return (
            f"timed out after {timeout:g} s; killed it "
            f"and the {max(result.killed - 1, 0)} other process(es) of its group"
        )
    if result.returncode != expected:
        return f"exited with code {result.returncode} (expected {expected})"
    return None


def format_python(code: str, md: Any, **options: Any) -> str:
    """markdown-exec formatter for ```python exec="1" blocks."""
    from markdown_exec import base_format, default_tabs

    extra = options.setdefault("extra", {})
    # Options of this runner, not markdown-exec's: read them, and keep them out of the page.
    run_options = {name: str(extra.pop(name)) for name in ("timeout", "alone") if name in extra}
    output_mode = extra.pop("output", "text")
    if options.get("source") in ("", None):
        options["source"] = "tabbed-left"
    elif options["source"] == "no":
        options["source"] = ""
    if tuple(options.get("tabs", default_tabs)) == default_tabs:
        options["tabs"] = TAB_LABELS.get(state.language, TAB_LABELS["en"])
    if not options.get("result") and not options.get("html") and output_mode == "text":
        options["result"] = "text"
    page = state.page

    def run(_code: str, returncode: int = 0, **_: Any) -> str:
        if code.strip().startswith(MISSING_MARK):
            return code.strip()  # on_page_markdown has warned
        script = state.snippet_of(code)
        if script is None:
            log.warning(
                "page %s: an executed python block is not a file under snippets/ "
                '(include one with --8<-- "snippets/…")',
                page,
            )
            return "(not run: not a snippet file)"
        block = block_of(script, run_options, state.default_timeout)
        result = run_snippet(script, block.timeout, returncode)
        relpath = str(script.relative_to(ROOT))
        problem = failure(result, returncode, block.timeout)
        if problem is None:
            return result.output
        state.failed.add(relpath)
        log.warning(
            "page %s, snippet %s: %s\n%s",
            page,
            relpath,
            problem,
            textwrap.indent(result.stderr.rstrip(), "  "),
        )
        # The warning above fails a strict build; the page shows what the run printed.
        return result.output

    return base_format(language="python", run=run, code=code, md=md, **options)


# --------------------------------------------------------------------------- MkDocs events


def on_config(config: Any) -> None:
    import markdown_exec

    markdown_exec.formatters["python"] = format_python
    markdown_exec.formatters["py"] = format_python
    state.default_timeout = min(float(config.extra.get("snippet_timeout", 30)), MAX_TIMEOUT)
    state.workers = int(config.extra.get("snippet_workers", state.workers))


@event_priority(20)  # before notebooks_ahead starts the notebooks: measurements run first
def on_pre_build(config: Any) -> None:
    if state.depth == 0:
        state.started = time.perf_counter()
        state.results.clear()
        state.ran.clear()
        state.cached.clear()
        state.failed.clear()
        state.ahead.clear()
        state.keys.clear()
        state.snippets_by_content = None
        start_runs_ahead(Path(config.docs_dir))
    state.depth += 1


INCLUDE_LINE = re.compile(
    r"""^(?P<indent>\s*)-+8<-+\s+(?P<quote>["'])(?P<path>[^"']+)(?P=quote)\s*$"""
)
MISSING_MARK = "# snippet file not found: "


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Note the page being rendered, and turn an include of a missing file into a warning.

    pymdownx.snippets would raise, aborting the build with a traceback; a warning names the
    page and the path, fails a strict build, and lets `mkdocs serve` go on showing the rest.
    """
    state.page = page.file.src_uri
    state.language = getattr(page.file, "locale", None) or config.theme.get("language", "zh")
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        match = INCLUDE_LINE.match(line)
        if not match:
            continue
        target = match["path"].split(":", 1)[0]
        if not (Path(config.config_file_path).parent / target).is_file():
            log.warning("page %s, snippet %s: file not found", state.page, target)
            state.failed.add(target)
            lines[number] = f"{match['indent']}{MISSING_MARK}{target}"
    return "\n".join(lines)


# What `_finish_build` logs, for the tests and the benchmark that read build logs.
SUMMARY = re.compile(
    r"snippets: (?P<ran>\d+) ran, (?P<cached>\d+) cached, (?P<failed>\d+) failed "
    r"in (?P<seconds>[\d.]+) s \(slowest: (?P<slowest>\S+) (?P<slowest_s>[\d.]+) s\)$",
    re.M,
)


def _finish_build() -> None:
    elapsed = time.perf_counter() - state.started
    slowest_path, slowest = max(state.ran.values(), key=lambda item: item[1], default=("-", 0.0))
    log.info(
        "snippets: %d ran, %d cached, %d failed in %.1f s (slowest: %s %.1f s)",
        len(state.ran),
        len(state.cached),
        len(state.failed),
        elapsed,
        slowest_path,
        slowest,
    )


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
def on_post_build(config: Any) -> None:
    state.depth -= 1
    if state.depth == 0:
        _finish_build()


def on_build_error(error: Exception) -> None:
    if state.depth > 0:
        state.depth = 0
        _finish_build()
