"""Run a command under the supervisor: its limits, its deadline, its output up to a ceiling.

`run()` hands the command to this process's supervisor (started on first use, again if it has
died) and reads what the command prints as it comes, stdout and stderr interleaved. Past the
output ceiling it asks the supervisor to stop the run at once, so a snippet that prints in a
loop costs a fraction of a second and a megabyte, not the machine's memory.

Each run works in a folder of its own, removed with all it holds when the run ends, and can
write nowhere else but where the caller says (`sandbox`). What this machine's kernel cannot
enforce is logged once per process, at INFO level, by the "snippet_runner" logger.
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import json
import logging
import os
import re
import selectors
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SUPERVISOR = Path(__file__).resolve().with_name("supervisor.py")
KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
# Beyond the run's own deadline, how long to wait for the supervisor's report before giving up.
REPORT_PATIENCE = 30.0
log = logging.getLogger("mkdocs.plugins.snippet_runner")
unconfined: set[str] = set()  # what this kernel cannot enforce (logged once per process)


@dataclass(frozen=True)
class Limits:
    """What a run may use. Every process of the run gets the memory and file-size limits."""

    timeout: float = 30.0  # seconds, for the command; then it is killed with all it started
    output: int = 1 * MiB  # bytes of stdout and stderr together; then the run is stopped
    memory: int = 2 * GiB  # bytes of data (heap, anonymous maps, thread stacks) per process
    file_size: int = 256 * MiB  # bytes: the largest file a process of the run may write
    grace: float = 2.0  # seconds the run's other processes get to end once the command exits
    processes: int = 64  # processes of the run at once (threads not counted); past it, stopped
    disk: int = 256 * MiB  # bytes all files in its folder may take on disk; past it, stopped


@dataclass
class Run:
    """What one run of a command did."""

    output: str  # stdout and stderr interleaved in the order they were read (up to the limit)
    stderr: str
    returncode: int | None
    duration: float
    # "exit": the command exited and nothing of the run was left; "timeout": killed at the
    # deadline; "output": stopped past the output ceiling; "processes": stopped when it asked
    # for one process more than its ceiling; "disk": stopped when its folder took more than
    # its ceiling; "left": the command exited but left processes running, which were killed;
    # "lost": the supervisor never reported.
    ending: str = "exit"
    killed: list[str] = field(default_factory=list)  # commands of the other processes killed
    pid: int = 0
    folder: str = ""  # its own folder (gone by now): its working directory unless told, $TMPDIR
    peak_processes: int = 0  # the most processes it had at once, as its reaper counted them
    peak_disk: int = 0  # the most bytes its folder took on disk, as last measured
    attempts: int = 1  # runs it took for what its page says of its timing to hold (`plan`)
    timeline: dict | None = None  # what ran when (`timeline`), if the run was recorded
    report: dict | None = None  # what a worker reported of the run (a notebook's cells)
    # The machine meanwhile (the supervisor's count): seconds of wall time, of all cores busy,
    # of CPU used by the run itself, and the cores it could use.
    machine: dict | None = None


SIZE = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[KMG]?)(?:i?B)?\s*$", re.I)


def parse_size(text: str | int) -> int:
    """Bytes in "1048576", "512K", "1MiB", "2 GiB" (binary units, as the limits are)."""
    if isinstance(text, int):
        return text
    match = SIZE.match(str(text))
    if match is None:
        raise ValueError(f"not a size: {text!r} (e.g. 512KiB, 1MiB, 2GiB)")
    scale = {"": 1, "k": KiB, "m": MiB, "g": GiB}[match["unit"].lower()]
    return int(float(match["number"]) * scale)


def format_size(size: int) -> str:
    for unit, scale in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} B"


class Supervisor:
    """This process's supervisor, started on first use (and again if it has died)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._requests: socket.socket | None = None

    def submit(self, request: dict, fds: list[int]) -> None:
        message = json.dumps(request).encode()
        with self._lock:
            for attempt in range(2):
                if self._process is None or self._process.poll() is not None:
                    self._start()
                if self._requests is None:
                    raise RuntimeError("the supervisor started without its request socket")
                try:
                    socket.send_fds(self._requests, [message], fds)
                    return
                except OSError:
                    if attempt:
                        raise
                    self._process = None  # it died since: start another

    def _start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-S", "-I", str(SUPERVISOR), str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C meant for `mkdocs serve` is not meant for it
            )
        if self._requests is not None:
            self._requests.close()
        self._requests = ours

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def close(self) -> None:
        """Stop the supervisor: it sees its socket close and exits (its runs are ended)."""
        with self._lock:
            if self._requests is not None:
                self._requests.close()
                self._requests = None
            if self._process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._process.wait(timeout=30)
                self._process = None


supervisor = Supervisor()
atexit.register(supervisor.close)  # it would exit anyway, once this process's socket closes


def run(
    argv: list[str],
    *,
    env: dict[str, str],
    cwd: Path | None = None,
    limits: Limits = Limits(),
    writable: Sequence[Path | str] = (),
    on_output: Callable[[str], None] | None = None,
) -> Run:
    """Run `argv` under `limits` and return what it printed and how it ended.

    It works in a folder of its own (`Run.folder`), its working directory unless `cwd` says
    another; it may write there, to `writable` (files, and folders: made if missing), to
    /dev/shm and to devices such as /dev/null, nowhere else.
    `on_output` gets each piece of stdout as it arrives (the notebook worker reports that way).
    A run the supervisor never started (it had died in between) is handed to a new one.
    """
    for path in writable:
        if not os.path.exists(path):
            os.makedirs(path, exist_ok=True)
    request = {
        "argv": argv,
        "cwd": None if cwd is None else str(cwd),
        "env": env,
        "writable": [os.path.abspath(path) for path in writable],
        "timeout": limits.timeout,
        "grace": limits.grace,
        "limits": {
            "memory": limits.memory,
            "file_size": limits.file_size,
            "processes": limits.processes,
            "disk": limits.disk,
        },
    }
    result = _run_once(request, limits, on_output)
    if result.pid == 0:
        result = _run_once(request, limits, on_output)
    return result


def _run_once(request: dict, limits: Limits, on_output: Callable[[str], None] | None) -> Run:
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    control, remote = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    started = time.perf_counter()
    try:
        supervisor.submit(request, [out_w, err_w, remote.fileno()])
    finally:
        for fd in (out_w, err_w):
            os.close(fd)
        remote.close()
    decoders = {
        name: codecs.getincrementaldecoder("utf-8")(errors="replace") for name in ("out", "err")
    }
    combined: list[str] = []
    stderr: list[str] = []
    printed = 0
    over_limit = False
    reports: list[dict] = []
    give_up = started + limits.timeout + limits.grace + REPORT_PATIENCE
    with control, selectors.DefaultSelector() as selector:
        selector.register(out_r, selectors.EVENT_READ, "out")
        selector.register(err_r, selectors.EVENT_READ, "err")
        selector.register(control, selectors.EVENT_READ, "control")
        while selector.get_map():  # until both pipes and the control socket are closed
            remaining = give_up - time.perf_counter()
            if remaining <= 0:
                break
            for key, _ in selector.select(timeout=remaining):
                if key.data == "control":
                    report = control.recv(1 << 16)
                    if not report:
                        selector.unregister(control)
                    else:
                        reports.append(json.loads(report))
                    continue
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fd)
                    os.close(key.fd)
                    continue
                if over_limit:
                    continue  # the run is being stopped: what it still prints is dropped
                keep = chunk[: max(0, limits.output - printed)]
                printed += len(chunk)
                text = decoders[key.data].decode(keep)
                combined.append(text)
                if key.data == "err":
                    stderr.append(text)
                elif on_output is not None:
                    on_output(text)
                if printed > limits.output:
                    over_limit = True
                    control.send(b"stop")
        for key in list(selector.get_map().values()):
            if key.data != "control":
                os.close(key.fd)  # given up on: the run is abandoned, its reaper ends it
    for name, decoder in decoders.items():
        tail = decoder.decode(b"", final=True)
        combined.append(tail)
        if name == "err":
            stderr.append(tail)
    ended = next((report for report in reports if "ending" in report), None)
    pid = next((report["pid"] for report in reports if "pid" in report), 0)
    if ended is None:
        ended = {"ending": "lost", "returncode": None, "killed": []}
    ending, killed, machine = ended["ending"], ended["killed"], ended.get("machine")
    stopped = ("timeout", "processes", "disk", "lost")  # by the runner: no code of its own
    returncode = None if ending in stopped else ended["returncode"]
    if over_limit:
        ending = "output"
    for why in ended.get("unconfined", ()):
        if why not in unconfined:
            unconfined.add(why)
            log.info("snippet runner: on this machine, a run has %s", why)
    return Run(
        output="".join(combined),
        stderr="".join(stderr),
        returncode=returncode,
        duration=time.perf_counter() - started,
        ending=ending,
        killed=killed,
        pid=pid,
        machine=machine,
        folder=ended.get("folder", ""),
        peak_processes=ended.get("processes", 0),
        peak_disk=ended.get("disk", 0),
    )
