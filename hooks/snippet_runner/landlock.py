"""Confine where a process and everything it starts may write: Linux's Landlock.

`confine_writes(paths)` is called by a run's first process just before it execs the run's
command. From then on, that process and all it starts (forked, spawned, exec'd, as root as
well as an ordinary user) may create, change, rename or remove files only below the folders
among `paths`, and write only the files among them; reading and executing are untouched. A write
anywhere else fails with PermissionError, naming the path. Where the kernel's Landlock is new
enough (ABI 6, Linux 6.12), the run may also send signals only to its own processes: a
`kill(-1, SIGKILL)` cannot reach the build or the rest of the machine.

Landlock needs no privilege (Linux 5.13 with `landlock` among its security modules); where
the kernel lacks it, `confine_writes` raises `Unavailable` saying so, and the caller reports
it: a run is never left unconfined silently. Standard library only (the supervisor's).
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterable

# <linux/landlock.h>: the system calls (the same number on every architecture) and rights.
CREATE_RULESET, ADD_RULE, RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1 << 0
RULE_PATH_BENEATH = 1
WRITE_FILE = 1 << 1
REMOVE_DIR, REMOVE_FILE = 1 << 4, 1 << 5
MAKE_CHAR, MAKE_DIR, MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = (
    1 << bit for bit in range(6, 13)
)
REFER = 1 << 13  # ABI 2: rename or link across folders (denied unless a rule allows it)
TRUNCATE = 1 << 14  # ABI 3
SCOPE_SIGNAL = 1 << 1  # ABI 6: signals only to processes of the same domain
PR_SET_NO_NEW_PRIVS = 38

# What changes the file system, by the ABI that introduced it.
WRITING = {
    1: WRITE_FILE
    | REMOVE_DIR
    | REMOVE_FILE
    | MAKE_CHAR
    | MAKE_DIR
    | MAKE_REG
    | MAKE_SOCK
    | MAKE_FIFO
    | MAKE_BLOCK
    | MAKE_SYM,
    2: REFER,
    3: TRUNCATE,
}
FILE_RIGHTS = WRITE_FILE | TRUNCATE  # the rights a rule on a file (not a folder) may hold


class Unavailable(OSError):
    """This kernel cannot confine writes."""


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _call(number: int, *arguments: object) -> int:
    result = _libc.syscall(ctypes.c_long(number), *arguments)
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))
    return result


def abi() -> int:
    """The Landlock ABI version this kernel has; 0 if none (too old, or not enabled)."""
    try:
        return _call(CREATE_RULESET, None, ctypes.c_size_t(0), CREATE_RULESET_VERSION)
    except OSError:
        return 0


def why_unavailable() -> str | None:
    """Why this kernel cannot confine writes, or None if it can."""
    if abi() == 0:
        return (
            "this kernel has no Landlock (Linux 5.13 or newer, with landlock among its "
            "security modules: the lsm= boot parameter)"
        )
    return None


def confine_writes(paths: Iterable[str]) -> int:
    """From now on, this process and its descendants write only below or to `paths`.

    Returns the ABI used. Paths that do not exist are skipped. Sets no_new_privs (what an
    unprivileged process needs to restrict itself; a setuid program then runs unprivileged).
    """
    version = abi()
    if version == 0:
        raise Unavailable(why_unavailable())
    handled = 0
    for since, rights in WRITING.items():
        if version >= since:
            handled |= rights
    attr = _RulesetAttr(handled_access_fs=handled, scoped=SCOPE_SIGNAL if version >= 6 else 0)
    ruleset = _call(CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)), 0)
    try:
        for path in paths:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except FileNotFoundError:
                continue
            try:
                allowed = handled if os.path.isdir(path) else handled & FILE_RIGHTS
                rule = _PathBeneathAttr(allowed_access=allowed, parent_fd=fd)
                _call(ADD_RULE, ruleset, RULE_PATH_BENEATH, ctypes.byref(rule), 0)
            finally:
                os.close(fd)
        if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            error = ctypes.get_errno()
            raise OSError(error, f"prctl(PR_SET_NO_NEW_PRIVS): {os.strerror(error)}")
        _call(RESTRICT_SELF, ruleset, 0)
    finally:
        os.close(ruleset)
    return version
