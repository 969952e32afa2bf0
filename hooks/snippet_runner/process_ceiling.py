"""A ceiling on the processes a run has at once: every new process waits for the reaper's leave.

Mechanism: seccomp user notification. The run's first process installs a seccomp filter just
before it execs the run's command (`install`); every process of the run inherits it. Each
system call that would make a new process (fork, vfork, a clone without CLONE_THREAD) is held
by the kernel while the run's reaper counts the run's processes (`Ceiling`): under the ceiling
it lets the call go on; past it the call fails with EAGAIN, as a fork past RLIMIT_NPROC does,
and the reaper stops the run. A thread is not a process: clones with CLONE_THREAD pass
unchecked (clone3, whose flags a filter cannot read, answers ENOSYS and the C library falls
back to clone).

Why this and not the kernel's own counters: a pids cgroup needs root (or a delegated cgroup,
which GitHub's runners do not give), RLIMIT_NPROC does not hold for root (and needs a fresh
user namespace to count one run's processes, which Ubuntu's AppArmor may forbid), and both
count threads as well, so a snippet with 70 threads would be stopped as a process flood.
Seccomp user notification (Linux 5.5) needs no privilege, no namespace and no cgroup, holds
for root and for an ordinary user alike, and is exact: a process is only made once the count
allows it, so no more than the ceiling ever exist at once. What it costs: each new process
waits for the reaper to list /proc (a fraction of a millisecond), a snippet's few forks.

The count is conservative: every process below the reaper that still exists (zombies
included, as they hold a pid), plus each fork let go whose process may not be listed yet.
Standard library only (the supervisor's).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import platform
import select
import struct
import sys

SECCOMP_SET_MODE_FILTER = 1
FILTER_FLAG_NEW_LISTENER = 1 << 3
FILTER_FLAG_WAIT_KILLABLE_RECV = 1 << 5
RET_ALLOW, RET_USER_NOTIF, RET_ERRNO = 0x7FFF0000, 0x7FC00000, 0x00050000
USER_NOTIF_FLAG_CONTINUE = 1
NOTIF_RECV, NOTIF_SEND = 0xC0502100, 0xC0182101  # _IOWR('!', 0|1, seccomp_notif[_resp])
NOTIF_SIZE, RESPONSE_SIZE = 80, 24
CLONE_THREAD = 0x00010000
PR_SET_NO_NEW_PRIVS = 38
# Classic BPF: load a word of seccomp_data; jump if equal / at least / any bit set; return.
LOAD, JEQ, JGE, JSET, RETURN = 0x20, 0x15, 0x35, 0x45, 0x06
NR, ARCH, FLAGS = 0, 4, 16 if sys.byteorder == "little" else 20  # seccomp_data offsets
X32_BIT = 0x40000000


class Architecture:
    def __init__(self, audit: int, seccomp: int, clone: int, others: tuple[int, ...]) -> None:
        self.audit, self.seccomp, self.clone, self.others = audit, seccomp, clone, others


CLONE3 = 435  # the same number everywhere
ARCHITECTURES = {  # what `platform.machine()` says -> its audit arch and system call numbers
    "x86_64": Architecture(0xC000003E, 317, 56, (57, 58)),  # clone; fork, vfork
    "aarch64": Architecture(0xC00000B7, 277, 220, ()),  # clone (fork and vfork are clones)
}


class Unavailable(OSError):
    """This kernel or machine cannot hold new processes for the reaper's leave."""


def why_unavailable() -> str | None:
    """Why the ceiling cannot be enforced here, or None if it can (without trying the kernel)."""
    if platform.machine() not in ARCHITECTURES:
        return f"the process ceiling knows no seccomp numbers for {platform.machine()}"
    return None


def _program(arch: Architecture) -> bytes:
    """The filter: hold each call that makes a process for the listener; let the rest go."""
    enosys = RET_ERRNO | errno.ENOSYS
    # (code, target if true, target if false, constant); targets are labels.
    code: list[tuple[int, str | None, str | None, int]] = [
        (LOAD, None, None, ARCH),
        (JEQ, None, "enosys", arch.audit),  # another ABI (i386 on x86_64): refused
        (LOAD, None, None, NR),
    ]
    if arch.audit == ARCHITECTURES["x86_64"].audit:
        code.append((JGE, "enosys", None, X32_BIT))  # x32 numbers: refused
    code += [
        (JEQ, "enosys", None, CLONE3),
        (JEQ, "clone", None, arch.clone),
        *[(JEQ, "hold", None, number) for number in arch.others],
        (RETURN, None, None, RET_ALLOW),
    ]
    labels = {"clone": len(code)}
    code += [(LOAD, None, None, FLAGS), (JSET, "allow", "hold", CLONE_THREAD)]
    labels |= {"hold": len(code), "allow": len(code) + 1, "enosys": len(code) + 2}
    code += [
        (RETURN, None, None, RET_USER_NOTIF),
        (RETURN, None, None, RET_ALLOW),
        (RETURN, None, None, enosys),
    ]
    packed = b""
    for index, (op, true, false, k) in enumerate(code):
        jump_true = labels[true] - index - 1 if true else 0
        jump_false = labels[false] - index - 1 if false else 0
        packed += struct.pack("=HBBI", op, jump_true, jump_false, k)
    return packed


_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install() -> int:
    """In the run's first process: hold every new process for the reaper; the listener fd.

    Sets no_new_privs (what an unprivileged process needs to install a filter).
    """
    why = why_unavailable()
    if why:
        raise Unavailable(why)
    arch = ARCHITECTURES[platform.machine()]
    program = _program(arch)
    buffer = ctypes.create_string_buffer(program, len(program))
    prog = _Program(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"prctl(PR_SET_NO_NEW_PRIVS): {os.strerror(error)}")
    # Once the reaper has read a request, only a fatal signal may end the wait (Linux 5.19);
    # before that, a signal interrupts the fork (the run's Python processes try it again).
    for flags in (
        FILTER_FLAG_NEW_LISTENER | FILTER_FLAG_WAIT_KILLABLE_RECV,
        FILTER_FLAG_NEW_LISTENER,
    ):
        listener = _libc.syscall(
            ctypes.c_long(arch.seccomp),
            ctypes.c_long(SECCOMP_SET_MODE_FILTER),
            ctypes.c_long(flags),
            ctypes.byref(prog),
        )
        error = ctypes.get_errno()
        if listener >= 0 or error != errno.EINVAL:
            break
    if listener < 0:
        raise Unavailable(
            error, f"seccomp user notification (Linux 5.5 or newer): {os.strerror(error)}"
        )
    return listener


class Census:
    """The processes of a run, from /proc: those below its reaper, zombies included.

    Listing /proc is cheap; reading a process's parent is not, and a cold build makes hundreds
    of processes beside the run, so each new pid is classified once, by its session where
    that is known: a session is made by one process and inherited, so it is all of the run
    (its command's, or one a process of the run made) or none of it. Otherwise by its parent,
    which is always of the run or its reaper for a process of the run, even once orphaned:
    orphans go to the nearest subreaper, and the reaper is one. (A pid is reused only once the
    kernel's pids have wrapped round.)
    """

    def __init__(self, reaper: int, first: int) -> None:
        self.reaper = reaper
        self.ours = {first}
        self.seen = _listed()
        self.sessions = {first: True}  # session -> whether it is the run's

    def count(self) -> int:
        listed = _listed()
        new = listed - self.seen
        self.seen = listed
        self.ours &= listed
        unknown: dict[int, tuple[int, int]] = {}  # pid -> (session, parent)
        for pid in new:
            try:
                session = os.getsid(pid)
            except OSError:
                continue  # ended meanwhile
            if session in self.sessions:
                if self.sessions[session]:
                    self.ours.add(pid)
            elif (parent := _parent(pid)) is not None:
                unknown[pid] = (session, parent)
        found = True
        while found:  # a new process's parent may be new too
            found = False
            for pid, (session, parent) in list(unknown.items()):
                if parent == self.reaper or parent in self.ours:
                    self.ours.add(pid)
                    self.sessions[session] = True
                    del unknown[pid]
                    found = True
        for session, _ in unknown.values():
            self.sessions.setdefault(session, False)
        return len(self.ours)


def _listed() -> set[int]:
    return {int(name) for name in os.listdir("/proc") if name.isdigit()}


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None  # ended meanwhile


class Ceiling:
    """In the reaper: answers the run's requests for new processes, up to `limit` at once."""

    def __init__(self, listener: int, limit: int, reaper: int, first: int) -> None:
        self.listener: int | None = listener
        self.limit = limit
        self.census = Census(reaper, first)
        self.most = 1  # the most processes the run had at once (as counted: an upper bound)
        self.passed = False
        self.pending: set[int] = set()  # threads let go to fork, whose process may not be listed
        self._poll = select.poll()
        self._poll.register(listener, select.POLLIN)

    def fileno(self) -> int | None:
        """What to wait on (readable when a request waits); None once the run has ended."""
        return self.listener

    def answer(self) -> bool:
        """Answer every request waiting; True once the run has asked for one too many."""
        while self.listener is not None:
            events = dict(self._poll.poll(0)).get(self.listener, 0)
            if events & select.POLLIN:
                self._answer_one()
            elif events & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                self.close()  # no process of the run is left
            else:
                break
        return self.passed

    def _answer_one(self) -> None:
        listener = self.listener
        if listener is None:
            return
        request = bytearray(NOTIF_SIZE)
        if _ioctl(listener, NOTIF_RECV, request) != 0:
            return  # withdrawn: the asking thread was interrupted or killed
        ident, thread = struct.unpack_from("=QI", request)
        self.pending.discard(thread)  # asking again: its last fork is over
        self.pending = {tid for tid in self.pending if not _out_of_fork(tid)}
        wanted = self.census.count() + len(self.pending) + 1
        allowed = not self.passed and wanted <= self.limit
        response = struct.pack(
            "=QqiI",
            ident,
            0,
            0 if allowed else -errno.EAGAIN,
            USER_NOTIF_FLAG_CONTINUE if allowed else 0,
        )
        if _ioctl(listener, NOTIF_SEND, bytearray(response)) != 0:
            return  # withdrawn meanwhile: no process was made
        if allowed:
            self.pending.add(thread)
            self.most = max(self.most, wanted)
        else:
            self.passed = True

    def close(self) -> None:
        if self.listener is not None:
            self._poll.unregister(self.listener)
            os.close(self.listener)
            self.listener = None


def _ioctl(fd: int, request: int, buffer: bytearray) -> int:
    """0, or the errno (ENOENT: the request is no longer valid)."""
    holder = (ctypes.c_char * len(buffer)).from_buffer(buffer)
    if _libc.ioctl(fd, ctypes.c_ulong(request), holder) == 0:
        return 0
    return ctypes.get_errno() or errno.EIO


_native = ARCHITECTURES.get(platform.machine())
FORKING = {CLONE3} | ({_native.clone, *_native.others} if _native else set())


def _out_of_fork(thread: int) -> bool:
    """Whether `thread` is known to be past the fork it was let go to make (or has ended).

    /proc/TID/syscall names the call a sleeping thread is in; a thread on a CPU shows
    "running", which could still be inside the fork: it stays pending (counted) meanwhile.
    """
    try:
        with open(f"/proc/{thread}/syscall", "rb") as syscall:
            first = syscall.read().split(maxsplit=1)[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True  # ended
    except OSError:
        return False  # not allowed to look: count it
    with contextlib.suppress(ValueError):
        return int(first) not in FORKING
    return False  # "running"
