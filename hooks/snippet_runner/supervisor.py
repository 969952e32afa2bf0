"""The supervisor: a small process that starts each run of a snippet and makes sure it ends.

`launch` starts one per process that runs snippets (`python -S -I supervisor.py FD`) and
sends it each run on the Unix socket FD: the command, its limits, and three descriptors (the
write ends of the run's stdout and stderr pipes, and the run's control socket). For each run
it forks a *reaper*, which

- becomes a child subreaper, so everything the run starts comes back to it when orphaned;
- makes the run's own folder and starts the command in a session of its own, under the run's
  resource limits, confined to writing in that folder, under a ceiling on its processes and
  on its disk (`sandbox`);
- waits for it until its deadline, until `launch` asks it to stop (or goes away), or until
  the run passes a ceiling;
- gives the run's other processes a moment to end once the command has exited, then kills
  and waits for everything still there;
- removes the run's folder, and reports on the control socket: the exit code, how the run
  ended, what it had to kill, the most processes and disk the run had.

Forking this small process costs about a millisecond, where starting a Python costs a hundred
times more on a small machine. Standard library only: it runs isolated from the project's
environment (`-I`), and `-S` keeps its start-up short.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from snippet_runner import procfs, reaper, run_folder, sampler, sandbox

# Signals Python ignores at start-up, and that a program it starts should get as usual (what
# subprocess's restore_signals does); SIGINT too, since a build started in the background of a
# shell inherits it ignored, and a snippet that interrupts its child would wait for it in vain.
RESTORED_SIGNALS = (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT, signal.SIGCHLD, signal.SIGTERM)
FINISH_PATIENCE = 5.0  # seconds the reapers get to end their runs once the runner has gone
NAME = "snippet-runner"  # what a snippet sees as its parent's name (/proc/PPID/comm)
LIMITS = {  # request field -> resource limit, applied to every process of the run
    "memory": resource.RLIMIT_DATA,  # heap, anonymous memory, thread stacks: what grows
    "file_size": resource.RLIMIT_FSIZE,  # no file the run writes outgrows it
}


def serve(requests: socket.socket) -> None:
    """Fork a reaper for each run request, until the socket's other end is closed."""
    # A reaper that dies before it has ended its run leaves the run's processes here.
    reaper.become_subreaper()
    reaper.set_name(NAME)  # its reapers, forked from it, have the same name
    woken, wake = _wake_on(signal.SIGCHLD)
    reapers: set[int] = set()
    runs = sandbox.runs_folder()  # each reaper's run has a folder in it, named by its pid
    try:
        _serve(requests, reapers, runs, woken, wake)
    finally:
        run_folder.remove(runs)


def _serve(requests: socket.socket, reapers: set[int], runs: Path, woken: int, wake: int) -> None:
    while True:
        readable, _, _ = select.select([requests, woken], [], [])
        if woken in readable:
            _drain(woken)
            _reap(reapers, runs)
        if requests in readable:
            message, fds, _, _ = socket.recv_fds(requests, 1 << 20, 3)
            if not message:
                _finish(reapers, woken)  # the runner is gone, or done with runs
                return
            pid = os.fork()
            if pid == 0:
                requests.close()
                os.close(woken)
                os.close(wake)
                _reaper(json.loads(message), runs, *fds)
            reapers.add(pid)
            for fd in fds:
                os.close(fd)


def _finish(reapers: set[int], woken: int) -> None:
    """Wait a moment for the reapers, then end whatever is left, and wait for all of it.

    A reaper whose run has ended is about to exit; one whose run is still going ends it when
    its control socket closes with the runner. Past the moment, everything below is killed.
    """
    deadline = time.monotonic() + FINISH_PATIENCE
    while reapers and (remaining := deadline - time.monotonic()) > 0:
        if select.select([woken], [], [], remaining)[0]:
            _drain(woken)
        reaper.reap_ended(lambda pid, _: reapers.discard(pid))
    reaper.end_tree()


def _reap(reapers: set[int], runs: Path) -> None:
    """Wait for ended reapers; end what a reaper that died unexpectedly left behind."""
    orphans = False

    def reaped(pid: int, status: int) -> None:
        nonlocal orphans
        if pid in reapers:
            reapers.discard(pid)
            orphans |= status != 0
            run_folder.remove(runs / str(pid))  # gone already, unless the reaper was killed
        else:
            orphans = True

    reaper.reap_ended(reaped)
    if orphans and not reapers:
        reaper.end_tree()


def _reaper(request: dict, runs: Path, stdout: int, stderr: int, control_fd: int) -> None:
    """Start one run, see it end, report on `control`; never returns."""
    code = 1
    try:
        control = socket.socket(fileno=control_fd)
        reaper.become_subreaper()
        box = sandbox.Sandbox(request, runs)
        _report(control, _supervise(request, box, stdout, stderr, control))
        code = 0
    finally:
        os._exit(code)


def _supervise(
    request: dict, box: sandbox.Sandbox, stdout: int, stderr: int, control: socket.socket
) -> dict:
    woken, _ = _wake_on(signal.SIGCHLD)
    watching = sampler.Sampler.of_run(request["env"])  # a recorded run: on a CPU when, and why not
    started = time.monotonic()
    busy_before = procfs.busy_seconds()
    main = os.fork()
    if main == 0:
        _exec(request, box, stdout, stderr)
    os.close(stdout)
    os.close(stderr)
    box.started(main)
    _report(control, {"pid": main})

    deadline = started + request["timeout"]
    status: int | None = None
    ended_at = None
    ending = None

    def reaped(pid: int, wait_status: int) -> None:
        nonlocal status, ended_at
        if pid == main:
            status, ended_at = wait_status, time.monotonic()

    while ending is None:
        until = min(deadline, time.monotonic() + box.due())
        readable = watching.wait([woken, control, *box.waitables()], until)
        if control in readable:
            ending = "stopped" if control.recv(64) else "abandoned"
            break
        if ending := box.check(readable):
            break
        _drain(woken)
        children_left = reaper.reap_ended(reaped)
        if status is not None and not children_left:
            ending = "exit"
        elif time.monotonic() >= deadline:
            ending = "timeout" if status is None else "left"
        elif status is not None and ended_at is not None:
            # The command has exited: its other processes get a moment to end by themselves
            # (multiprocessing's helpers exit when their parent's pipes close).
            deadline = min(deadline, ended_at + request["grace"])

    watching.save()
    killed = reaper.end_tree(on_reaped=reaped) if ending != "exit" else {}
    killed.pop(main, None)  # `ending` says whether the command itself was killed
    box.close()
    return {
        "ending": ending,
        "returncode": None if status is None else os.waitstatus_to_exitcode(status),
        "seconds": (ended_at or time.monotonic()) - started,
        "killed": sorted(killed.values()),  # the run's other processes that were still there
        "machine": _machine_during(started, busy_before),
        **box.report(),
    }


def _machine_during(started: float, busy_before: float | None) -> dict | None:
    """What the machine did while the run ran: how busy all its cores were, and how much of
    that was the run's own processes (every one of them has been waited for here, this
    process being their subreaper), so that a page can tell how many cores others left free."""
    busy_after = procfs.busy_seconds()
    if busy_before is None or busy_after is None:
        return None
    own = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": time.monotonic() - started,
        "busy": busy_after - busy_before,
        "cpu": own.ru_utime + own.ru_stime,
        "cpus": len(os.sched_getaffinity(0)),
    }


def _exec(request: dict, box: sandbox.Sandbox, stdout: int, stderr: int) -> None:
    """In the forked child: become the run's command; never returns."""
    try:
        os.setsid()
        signal.set_wakeup_fd(-1)
        for restored in RESTORED_SIGNALS:
            signal.signal(restored, signal.SIG_DFL)
        for field, limit in LIMITS.items():
            if request["limits"].get(field):
                resource.setrlimit(limit, (request["limits"][field],) * 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core files in the repository
        null = os.open(os.devnull, os.O_RDONLY)
        for fd, target in ((null, 0), (stdout, 1), (stderr, 2)):
            os.dup2(fd, target)
        box.confine()
        os.closerange(3, 1 << 20)  # the supervisor's sockets and pipes stay out of the run
        os.chdir(box.cwd)
        os.execve(request["argv"][0], request["argv"], box.env)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.write(2, f"could not start {request['argv'][0]}: {error}\n".encode())
    finally:
        os._exit(127)


def _report(control: socket.socket, message: dict) -> None:
    with contextlib.suppress(OSError):  # the runner has gone: nobody to tell
        control.send(json.dumps(message).encode())


def _wake_on(signum: int) -> tuple[int, int]:
    """A pipe that becomes readable when `signum` arrives, so that select() can wait for it."""
    readable, writable = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    signal.set_wakeup_fd(writable, warn_on_full_buffer=False)
    signal.signal(signum, lambda *_: None)
    return readable, writable


def _drain(fd: int) -> None:
    with contextlib.suppress(BlockingIOError):
        while os.read(fd, 4096):
            pass


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])))
