"""Sample a recorded run from outside: when each of its threads was on a CPU, what it waited for.

The run's reaper (`supervisor`) waits for the run with `Sampler.wait`, which meanwhile looks
at Linux's /proc every few milliseconds and never stops the program. It samples every thread
of every process the recorder has seen (each writes an events file named after its pid into
$SNIPPET_TIMELINE): the nanoseconds it has spent on a CPU and ready for one (`schedstat`),
and, when it has run since the last look, what it is blocked in now: the system call and its
arguments (`syscall`), or where that file is closed to us (another user's process, ptrace
restrictions) the kernel function it sleeps in (`wchan`). A futex waited on in the
interpreter's own memory is the GIL; anywhere else, a lock (a Lock, a Condition, a queue, a
join). Where neither file says, the wait has no kind: nothing is guessed.

Each thread's samples are slices of time, `[start, end, on_cpu, ready, wait]` (ns of
time.monotonic_ns, the recorder's clock; ns on a CPU and ready for one in the slice; the kind
of wait it was blocked in, or ""): consecutive slices of the same wait with no CPU time are
one. The looks come every INTERVAL while two or more threads run (taking turns, or at once:
what the finest slices are for), ALONE_INTERVAL while one alone does, and space out to
IDLE_INTERVAL while none does: a program that sleeps costs little to watch. `save()` writes
them beside the events (SAMPLES), where `timeline.read` finds them (`read`).

Standard library only: the supervisor runs isolated (`-S -I`).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import select
import time
from pathlib import Path

VARIABLE = "SNIPPET_TIMELINE"  # the folder of a recorded run's events (`timeline`)
SAMPLES = "on-cpu.json"  # the samples, in that folder
INTERVAL = 2_000_000  # ns between two looks while two or more threads of the run ran
ALONE_INTERVAL = 8_000_000  # … while one did, and none other for TOGETHER_HOLD ns
TOGETHER_HOLD = 50_000_000
IDLE_INTERVAL = 100_000_000  # ns at most between two looks while none did
SHARE = 0.05  # of a CPU, the most looking may take (a look that cost more, the next waits)
REDISCOVER = 8  # every so many looks, the folder is listed even if it seems unchanged
SPILL = 50_000_000  # ns: how far back time counted late may go (several scheduler ticks)
KEPT_OPEN = 512  # /proc files kept open at most (beyond, each look opens and closes them)
WAITS = ("gil", "lock", "sleep", "io", "child")  # the kinds of wait, as the drawing orders them

# System call numbers (the kernel's tables) -> the kind of wait a thread blocked in one is in.
_WAITING_IN = {
    "x86_64": {
        202: "futex", 449: "futex",  # futex, futex_waitv
        35: "sleep", 230: "sleep",  # nanosleep, clock_nanosleep
        23: "select", 270: "select", 7: "poll", 271: "poll",  # select, pselect6, poll, ppoll
        232: "io", 281: "io", 441: "io",  # epoll_wait, epoll_pwait, epoll_pwait2
        0: "io", 1: "io", 17: "io", 18: "io", 19: "io", 20: "io",  # read, write, p…, …v
        42: "io", 43: "io", 288: "io", 45: "io", 47: "io", 299: "io",  # connect, accept, recv…
        61: "child", 247: "child",  # wait4, waitid
    },
    "aarch64": {
        98: "futex", 449: "futex",
        101: "sleep", 115: "sleep",
        72: "select", 73: "poll",  # pselect6, ppoll
        22: "io", 441: "io",  # epoll_pwait, epoll_pwait2
        63: "io", 64: "io", 65: "io", 66: "io", 67: "io", 68: "io",
        203: "io", 202: "io", 242: "io", 207: "io", 212: "io", 243: "io",
        260: "child", 95: "child",
    },
}.get(os.uname().machine, {})  # fmt: skip
# The kernel function a blocked thread sleeps in (/proc/…/wchan) -> the kind of its wait.
# A select() may be a sleep (Python 3.10's time.sleep selects on nothing): no kind.
_SLEEPING_IN = (
    (re.compile(r"^futex"), "lock"),
    (re.compile(r"nanosleep"), "sleep"),
    (re.compile(r"^(do_sys_poll|ep_poll|do_epoll_wait|pipe_(read|write|wait)|unix_stream_)"), "io"),
    (re.compile(r"^(sk_wait_data|inet_csk_accept|wait_woken|tcp_recvmsg)"), "io"),
    (re.compile(r"^(do_wait|kernel_wait)"), "child"),
)
# The interpreter's own code and data (its executable, or libpython): a futex there is the GIL.
_INTERPRETER_FILE = re.compile(r"/(lib)?python[\d.]*[a-z]*(\.so[\d.]*)?$")


def _scheduler_tick() -> int:
    """ns between two scheduler ticks (1 / CONFIG_HZ), from the kernel's configuration where
    it can be read; else 10 ms, the longest in use (HZ=100)."""
    for path in ("/proc/config.gz", f"/boot/config-{os.uname().release}"):
        try:
            raw = Path(path).read_bytes()
            text = gzip.decompress(raw) if path.endswith(".gz") else raw
        except (OSError, EOFError, gzip.BadGzipFile):
            continue
        if match := re.search(rb"^CONFIG_HZ=(\d+)$", text, re.M):
            return 1_000_000_000 // int(match[1])
    return 10_000_000


TICK = _scheduler_tick()  # the most a running thread's time on a CPU is counted late


def _read(path: str) -> bytes | None:
    """The content of a small /proc file, or None if it (its thread) is gone or closed to us."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        return os.read(fd, 4096)
    except OSError:
        return None
    finally:
        os.close(fd)


class _Thread:
    """One thread: its /proc files, kept open (reading one again costs a fifth of opening it),
    what the last look saw, and its slices so far."""

    __slots__ = ("files", "folder", "on_cpu", "ready", "runs", "seen", "slices", "wait")
    opened = 0  # files kept open by all threads of this process

    def __init__(self, folder: str, seen: int) -> None:
        self.folder, self.files = folder, {}
        self.seen, self.on_cpu, self.ready, self.runs = seen, 0, 0, 0
        self.wait: str | None = None  # its kind of wait at the last look; None: not blocked
        self.slices: list[list] = []

    def read(self, name: str) -> bytes | None:
        """A file of the thread's folder, None if the thread is gone or the file closed to us."""
        fd = self.files.get(name)
        if fd is None:
            if _Thread.opened >= KEPT_OPEN:
                return _read(f"{self.folder}/{name}")
            try:
                fd = self.files[name] = os.open(f"{self.folder}/{name}", os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                return None
            _Thread.opened += 1
        try:
            return os.pread(fd, 4096, 0)
        except OSError:
            return None

    def schedstat(self) -> tuple[int, int, int] | None:
        """ns on a CPU, ns ready for one (on a run queue), times it was put on a CPU."""
        content = self.read("schedstat")
        if not content:
            return None
        on_cpu, ready, runs = content.split()[:3]
        return int(on_cpu), int(ready), int(runs)

    def close(self) -> None:
        for fd in self.files.values():
            os.close(fd)
        _Thread.opened -= len(self.files)
        self.files.clear()

    def add(self, now: int, on_cpu: int, ready: int, wait: str) -> None:
        """The slice from the last look to `now`. The kernel adds a running thread's time on a
        CPU at a scheduler tick or a switch, and its time ready for one once it gets one: what
        does not fit in the slice was spent before it, and goes back into the slices before."""
        length = now - self.seen
        fits = min(on_cpu, length)
        on_cpu = fits + self._spill(on_cpu - fits, 2)
        fits = min(ready, max(0, length - on_cpu))
        ready = fits + self._spill(ready - fits, 3)
        last = self.slices[-1] if self.slices else None
        if (
            last is not None
            and not (on_cpu or ready or last[2] or last[3])
            and last[4] == wait
            and last[1] == self.seen
        ):
            last[1] = now  # still in the same wait, not having run: one slice
        else:
            self.slices.append([self.seen, now, on_cpu, ready, wait])
        self.seen = now

    def _spill(self, late: int, field: int) -> int:
        """Put `late` ns (of time on a CPU: field 2, or ready: 3) into the room left in the
        slices of the last SPILL ns, latest first (the end of a long wait split off to hold
        it); what has no room there is left over, and returned."""
        index = len(self.slices) - 1
        while late > 0 and index >= 0 and self.slices[index][1] >= self.seen - SPILL:
            piece = self.slices[index]
            room = piece[1] - piece[0] - piece[2] - piece[3]
            if room > late and not (piece[2] or piece[3]):
                tail = [piece[1] - late, piece[1], 0, 0, piece[4]]
                piece[1] = tail[0]
                self.slices.insert(index + 1, tail)
                piece = tail
                room = late
            taken = min(room, late)
            piece[field] += taken
            late -= taken
            index -= 1
        return late


class Sampler:
    """The samples of one run (of none, when `folder` is empty: then `wait` only waits)."""

    def __init__(self, folder: str | None) -> None:
        self.folder = folder or ""
        self.folder_changed = 0  # the folder's mtime at the last look into it
        self.threads: dict[tuple[int, int], _Thread] = {}  # every thread seen, by (pid, tid)
        self.alive: dict[int, set[int]] = {}  # each live process's threads
        self.interpreter_memory: dict[int, list[tuple[int, int]]] = {}
        self.readable = {"syscall": True, "wchan": True}  # until the kernel says otherwise
        self.interval = INTERVAL
        self.due = self.last = time.monotonic_ns()
        self.together_until = 0  # until when to look every INTERVAL, one thread running or not
        self.looks = 0
        self.cost = 0  # ns of this process's CPU time spent looking

    @classmethod
    def of_run(cls, env: dict[str, str]) -> Sampler:
        return cls(env.get(VARIABLE))

    def wait(self, readers: list, deadline: float) -> list:
        """`select.select(readers, [], [], until deadline)` (time.monotonic), sampling meanwhile:
        the readers that became readable, or [] at the deadline."""
        while True:
            timeout = max(0.0, deadline - time.monotonic())
            if self.folder:
                timeout = min(timeout, max(0, self.due - time.monotonic_ns()) / 1e9)
            readable = select.select(readers, [], [], timeout)[0]
            if readable or time.monotonic() >= deadline:
                return readable
            if self.folder and time.monotonic_ns() >= self.due:
                self.look()

    def look(self) -> None:
        """Sample every thread of every recorded process of the run once."""
        cost = time.thread_time_ns()
        found = self._find_processes()
        running = 0  # threads that have been on a CPU since the last look
        for pid, alive in list(self.alive.items()):
            if pid in found:
                continue
            try:  # a process's task folder counts its threads, plus 2
                count = os.stat(f"/proc/{pid}/task").st_nlink - 2
            except OSError:
                self._forget(pid)
                continue
            if count != len(alive):
                self._list(pid)
            for tid in sorted(alive):
                ran = self._look_at(pid, tid)
                if ran is None:  # ended; another may have started meanwhile (the next look
                    self.threads[pid, tid].close()  # takes it from when this one began)
                    alive.discard(tid)
                    self._list(pid)
                running += bool(ran)
        self.looks += 1
        self.last = time.monotonic_ns()
        cost = time.thread_time_ns() - cost
        self.cost += cost
        if running > 1:  # taking turns or at once: what the finest looks are for
            self.together_until = self.last + TOGETHER_HOLD
        if running:
            alone = running == 1 and self.last > self.together_until
            self.interval = ALONE_INTERVAL if alone else INTERVAL
        else:
            self.interval = min(2 * self.interval, IDLE_INTERVAL)
        # A run of many threads is looked at less often: never more than SHARE of a CPU.
        self.due = self.last + max(self.interval, int(cost / SHARE))

    def _find_processes(self) -> set[int]:
        """Processes whose recorder has started since the last look, their threads seen from
        now on (what they did before, nobody saw). The folder is listed when it has changed,
        and every few looks (its time of change may not tell two files a moment apart)."""
        try:
            changed = os.stat(self.folder).st_mtime_ns
        except OSError:
            return set()
        if changed == self.folder_changed and self.looks % REDISCOVER:
            return set()
        self.folder_changed = changed
        found = set()
        for name in os.listdir(self.folder):
            pid, dash, _ = name.partition("-")
            if dash and pid.isdigit() and int(pid) not in self.alive:
                if (pid, pid) in self.threads or not os.path.isdir(f"/proc/{pid}"):
                    continue  # ended already
                found.add(int(pid))
                self.alive[int(pid)] = set()
                for tid in self._list(int(pid)):  # the first slice starts now
                    thread = self.threads[int(pid), tid]
                    numbers = thread.schedstat()
                    if numbers is not None:
                        thread.on_cpu, thread.ready, thread.runs = numbers
                        thread.seen = time.monotonic_ns()
        return found

    def _list(self, pid: int) -> set[int]:
        """The process's threads not seen before, from its task folder: watched from now on,
        from the last look (they started since)."""
        try:
            tids = {int(name) for name in os.listdir(f"/proc/{pid}/task")}
        except OSError:
            return set()
        new = tids - self.alive[pid]
        for tid in new:
            thread = self.threads.setdefault((pid, tid), _Thread(f"/proc/{pid}/task/{tid}", 0))
            # (A thread id used again keeps its slices, and counts from nothing again.)
            thread.seen, thread.on_cpu, thread.ready, thread.runs = self.last, 0, 0, 0
            thread.wait = None
        self.alive[pid] |= new
        return new

    def _forget(self, pid: int) -> None:
        for tid in self.alive.pop(pid):
            self.threads[pid, tid].close()

    def _look_at(self, pid: int, tid: int) -> bool | None:
        """Sample one thread: whether it has been on a CPU since the last look, None if it
        has ended."""
        thread = self.threads[pid, tid]
        numbers = thread.schedstat()
        now = time.monotonic_ns()  # each thread's own moment: a look takes a while
        if numbers is None:
            return None
        on_cpu, ready, runs = numbers
        ran = runs != thread.runs or on_cpu != thread.on_cpu
        before = thread.wait
        if on_cpu - thread.on_cpu >= (now - thread.seen) * 9 // 10:
            thread.wait = None  # on a CPU nearly all along: most likely still on it
        elif ran or before is None:
            thread.wait = self._waiting_in(pid, thread)
        # Blocked now: in that wait; running now: in the wait it was in at the last look.
        wait = before if thread.wait is None else thread.wait
        thread.add(now, on_cpu - thread.on_cpu, ready - thread.ready, wait or "")
        thread.on_cpu, thread.ready, thread.runs = numbers
        return ran

    def _waiting_in(self, pid: int, thread: _Thread) -> str | None:
        """The kind of wait the thread is blocked in now ("" if unknown); None if it is not
        blocked (on a CPU or ready for one), or nothing says."""
        if self.readable["syscall"]:
            content = thread.read("syscall")
            if content is not None:
                return self._kind_of_call(pid, content.split())
            # Gone, or closed to us: a thread that is gone no longer has its folder.
            self.readable["syscall"] = not os.path.isdir(thread.folder)
        if self.readable["wchan"]:
            function = (thread.read("wchan") or b"0").decode(errors="replace")
            if function.strip() != "0":  # "0": running, or closed to us
                return next((k for pattern, k in _SLEEPING_IN if pattern.search(function)), "")
        return None

    def _kind_of_call(self, pid: int, fields: list[bytes]) -> str | None:
        """A blocked thread's system call ("nr arg1 … arg6 sp pc") as a kind of wait."""
        if len(fields) < 7 or not fields[0].isdigit():
            return None if fields[:1] == [b"running"] else ""  # "-1 sp pc": not in a call
        call = _WAITING_IN.get(int(fields[0]), "")
        if call == "futex":
            return "gil" if self._in_interpreter(pid, int(fields[1], 16)) else "lock"
        if call in ("select", "poll"):  # on no file at all: a sleep
            watched = int(fields[1 if call == "select" else 2], 16)
            return "io" if watched else "sleep"
        return call

    def _in_interpreter(self, pid: int, address: int) -> bool:
        """Whether `address` is in the interpreter's own static data (where its GIL is)."""
        if pid not in self.interpreter_memory:
            self.interpreter_memory[pid] = _interpreter_memory(pid)
        return any(start <= address < end for start, end in self.interpreter_memory[pid])

    def save(self) -> None:
        """Write the samples beside the run's events, for `read`, and close their files."""
        for pid in list(self.alive):
            self._forget(pid)
        if not self.folder or not self.threads:
            return
        threads = {
            f"{pid}/{tid}": thread.slices
            for (pid, tid), thread in self.threads.items()
            if thread.slices
        }
        about = {"looks": self.looks, "cost": self.cost, "readable": self.readable, "tick": TICK}
        with contextlib.suppress(OSError):  # the runner has given up on the run
            Path(self.folder, SAMPLES).write_text(json.dumps(about | {"threads": threads}))


def _interpreter_memory(pid: int) -> list[tuple[int, int]]:
    """The address ranges of the interpreter's file (and its .bss, the anonymous mapping just
    after it) in the process; none if its memory map is closed to us."""
    content = _read_all(f"/proc/{pid}/maps")
    ranges: list[tuple[int, int]] = []
    for line in content.splitlines():
        fields = line.split(maxsplit=5)
        start, _, end = fields[0].partition("-")
        span = int(start, 16), int(end, 16)
        path = fields[5] if len(fields) > 5 else ""
        if _INTERPRETER_FILE.search(path) or (not path and ranges and ranges[-1][1] == span[0]):
            ranges.append(span)
    return ranges


def _read_all(path: str) -> str:
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return ""


def read(folder: Path) -> dict:
    """The samples `save` wrote into `folder`: {"threads": {"pid/tid": slices}, …}, or {}."""
    try:
        return json.loads((folder / SAMPLES).read_text())
    except (OSError, ValueError):
        return {}
