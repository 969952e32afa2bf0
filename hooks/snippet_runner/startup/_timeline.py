"""Record what a snippet's processes, threads and tasks did when, for its timeline.

Loaded by the runner's sitecustomize in every Python process of a run when $SNIPPET_TIMELINE
names a folder. Each process appends one event per line to its own file there, written at
once (a process killed a moment later has lost nothing), with one clock for all processes
(time.monotonic_ns: CLOCK_MONOTONIC). Nothing is printed and the snippet's code is untouched:
the standard library's own entry points are wrapped, each as its module is imported, so a
snippet imports exactly what it would without the recorder, and no frame of the recorder
ever appears in a snippet's traceback.

- processes: start (this file loading, or a fork) and end (atexit, os._exit), the parent,
  the name multiprocessing gave it (from the process that started it);
  a signal sent by os.kill and a child reaped by os.waitpid, from the process that did it
  (a process killed by a signal ends when it was sent; a zombie, from its end to its reaping);
- threads: start and end of Thread._bootstrap_inner (a daemon thread cut off has no end);
- asyncio tasks: created (BaseEventLoop.create_task) and done, with how they ended;
- work items: a multiprocessing.Pool task, a ProcessPoolExecutor or ThreadPoolExecutor call,
  from when a worker took it to when it handed back its result;
- semaphores: when each threading.Semaphore was waited for, acquired and released;
- greenlets (gevent): each run of a greenlet, from a switch into it to the next switch away.

The runner reads the files (`snippet_runner.timeline`).
"""

import functools
import os
import sys
import time

FOLDER = os.environ.get("SNIPPET_TIMELINE", "")
_now = time.monotonic_ns
_file = ""


def _open_file() -> None:
    global _file
    _file = os.path.join(FOLDER, f"{os.getpid()}-{_now()}.events")


def emit(*event) -> None:
    """Append one event (a tuple whose repr is read back with ast.literal_eval)."""
    line = (repr(event) + "\n").encode()
    try:
        fd = os.open(_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return  # the folder is gone: the run is over for the runner
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def _thread_id() -> int:
    import threading

    return threading.get_native_id()


def _process_name() -> str:
    process = sys.modules.get("multiprocessing.process")
    if process is None:
        return ""
    current = process.current_process()
    return current.name if current._identity or current._parent_pid else ""


# ------------------------------------------------------------------ processes


def _started(how: str) -> None:
    _open_file()
    emit("process", os.getpid(), os.getppid(), _now(), how, os.path.basename(sys.argv[0] or ""))


def _ended(how: str, code=None) -> None:
    emit("exit", os.getpid(), _now(), how, code, _process_name())


def _after_fork() -> None:
    _started("fork")


def _os_exit(code, _exit=os._exit):
    try:
        _ended("_exit", code)
    finally:
        _exit(code)


def _kill(pid, sig, _kill=os.kill):
    emit("signal", os.getpid(), pid, int(sig), _now())
    return _kill(pid, sig)


def _waitpid(pid, options, _waitpid=os.waitpid):
    result = _waitpid(pid, options)
    if result[0]:
        emit("reap", os.getpid(), result[0], result[1], _now())
    return result


def _patch_process(process) -> None:
    start = process.BaseProcess.start

    def recorded_start(self):
        start(self)
        emit("child", os.getpid(), self.pid, self.name)

    process.BaseProcess.start = recorded_start


# ------------------------------------------------------------------ threads


def _patch_threading(threading) -> None:
    bootstrap = threading.Thread._bootstrap_inner

    def _bootstrap_inner(self):
        tid = threading.get_native_id()
        emit("thread", os.getpid(), tid, self.name, _now(), bool(self.daemon))
        try:
            bootstrap(self)
        finally:
            emit("thread-end", os.getpid(), tid, self.name, _now())

    threading.Thread._bootstrap_inner = _bootstrap_inner

    acquire = threading.Semaphore.acquire

    def recorded_acquire(self, blocking=True, timeout=None):
        asked = _now()
        got = acquire(self, blocking, timeout)
        if got:
            emit("acquired", os.getpid(), _thread_id(), id(self), asked, _now())
        return got

    threading.Semaphore.acquire = threading.Semaphore.__enter__ = recorded_acquire
    # Each class's own release (BoundedSemaphore checks its bound in its own): the release is
    # recorded once the semaphore has taken it, stamped with the moment it was asked for.
    for semaphore in (threading.Semaphore, threading.BoundedSemaphore):
        if "release" in vars(semaphore):
            semaphore.release = _recorded_release(vars(semaphore)["release"])
    threading.Semaphore.__exit__ = lambda self, *exc: self.release()


def _recorded_release(release):
    def recorded_release(self, n=1):
        at = _now()  # before a waiter can take it: its acquisition is always stamped later
        release(self, n)
        emit("released", os.getpid(), _thread_id(), id(self), at, n)

    return recorded_release


# ------------------------------------------------------------------ asyncio tasks


def _task_label(task) -> str:
    """A task's name, or for one asyncio named Task-N, its coroutine: `download('page-1')`."""
    name = task.get_name()
    coro = task.get_coro()
    if not name.startswith("Task-") or coro is None:
        return name
    qualname = getattr(coro, "__qualname__", name)
    frame, code = getattr(coro, "cr_frame", None), getattr(coro, "cr_code", None)
    if frame is None or code is None or not code.co_argcount:
        return f"{qualname}()"
    first = frame.f_locals.get(code.co_varnames[0])
    return f"{qualname}({first!r})" if isinstance(first, (str, int, float)) else f"{qualname}(…)"


def _task_ended(task) -> None:
    # Not task.exception(): that marks the exception retrieved, and asyncio would no longer
    # log "Task exception was never retrieved" for a task nobody awaited.
    failed = getattr(task, "_exception", None) is not None
    state = "cancelled" if task.cancelled() else "failed" if failed else "done"
    renamed = task.get_name()  # a name set while it ran; its coroutine is gone by now
    name = "" if renamed.startswith("Task-") else renamed
    emit("task-end", os.getpid(), id(task), name, _now(), state)


_pending_tasks: dict = {}  # id -> weak reference, for each task not yet seen to end


def _sweep_tasks() -> None:
    """Record the end of every task that has ended since the last look."""
    for key, ref in list(_pending_tasks.items()):
        task = ref()
        # Loops in several threads share the tasks: whichever takes one records it.
        if task is not None and task.done() and _pending_tasks.pop(key, None) is not None:
            _task_ended(task)


def _watch(loop) -> None:
    """Look for ended tasks each time `loop` is about to wait for I/O, once per iteration,
    when no callback is running: no frame of the recorder is ever on a callback's stack."""
    selector = getattr(loop, "_selector", None)
    if selector is None or "select" in vars(selector):
        return
    select = selector.select

    def recorded_select(timeout=None):
        _sweep_tasks()
        return select(timeout)

    selector.select = recorded_select


def _patch_asyncio(base_events) -> None:
    """A task's start when it is created, its end when its loop next looks for I/O. Nothing is
    added to the task (a done callback would show in its repr), and it is held weakly: a task
    nobody references is collected as it would be, and that is its end."""
    import weakref

    create_task = base_events.BaseEventLoop.create_task

    def collected(key: int) -> None:
        if _pending_tasks.pop(key, None) is not None:
            emit("task-end", os.getpid(), key, "", _now(), "destroyed")

    def recorded_create_task(self, coro, *args, **kwargs):
        created = _now()
        task = create_task(self, coro, *args, **kwargs)
        # In debug mode the task says where it was created: there, not here.
        created_at = getattr(task, "_source_traceback", None)
        if created_at:
            created_at[:] = [f for f in created_at if not f.filename.endswith("_timeline.py")]
        code = getattr(task.get_coro(), "cr_code", None)
        internal = "/asyncio/" in getattr(code, "co_filename", "")
        emit("task", os.getpid(), _thread_id(), id(task), _task_label(task), created, internal)
        if task.done():  # an eager task that finished at once
            _task_ended(task)
        else:
            key = id(task)
            _pending_tasks[key] = weakref.ref(task, lambda _, key=key: collected(key))
            _watch(self)
        return task

    recorded_create_task.__wrapped__ = create_task
    base_events.BaseEventLoop.create_task = recorded_create_task


# ------------------------------------------------------------------ work items


class _Taken:
    """A worker's task queue: each task taken is the start of a work item."""

    def __init__(self, queue, name_of):
        self._queue, self._name_of = queue, name_of

    def get(self, *args, **kwargs):
        item = self._queue.get(*args, **kwargs)
        named = self._name_of(item)
        if named is not None:
            emit("work", os.getpid(), _thread_id(), named[0], named[1], _now())
        return item

    def __getattr__(self, name):
        return getattr(self._queue, name)


class _Returned:
    """A worker's result queue: each result put is the end of its work item."""

    def __init__(self, queue, key_of):
        self._queue, self._key_of = queue, key_of

    def put(self, item, *args, **kwargs):
        key = self._key_of(item)
        if key is not None:
            emit("work-end", os.getpid(), key, _now())
        return self._queue.put(item, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._queue, name)


def _function_name(function) -> str:
    return getattr(function, "__name__", type(function).__name__)


def _called(function, args) -> str:
    """`task(4, …)`: a work item as the snippet wrote the call, its first argument shown."""
    if not args:
        return f"{_function_name(function)}()"
    first = repr(args[0]) if isinstance(args[0], (str, int, float)) else "…"
    more = ", …" if len(args) > 1 else ""
    return f"{_function_name(function)}({first if len(first) <= 20 else '…'}{more})"


def _pool_task(item):
    if not item:
        return None
    job, i, function, args, _ = item
    if _function_name(function) in ("mapstar", "starmapstar") and args:
        star = _function_name(function) == "starmapstar"
        function, chunk = args[0]
        if len(chunk) != 1:  # a chunk of several calls: one work item
            return (job, i), f"{_function_name(function)} ×{len(chunk)}"
        args = tuple(chunk[0]) if star else (chunk[0],)
    return (job, i), _called(function, args)


def _pool_result(item):
    return (item[0], item[1]) if isinstance(item, tuple) and len(item) == 3 else None


def _patch_pool(pool) -> None:
    worker = pool.worker

    def recorded_worker(inqueue, outqueue, *args, **kwargs):
        return worker(
            _Taken(inqueue, _pool_task), _Returned(outqueue, _pool_result), *args, **kwargs
        )

    recorded_worker.__module__, recorded_worker.__qualname__ = worker.__module__, "worker"
    recorded_worker.__name__ = "worker"
    pool.worker = recorded_worker


def _call_item(item):
    if item is None or not hasattr(item, "work_id"):
        return None
    return item.work_id, _called(item.fn, item.args)


def _result_item(item):
    work_id = getattr(item, "work_id", None)
    return work_id if work_id is not None and hasattr(item, "exception") else None


def _patch_process_pool(process) -> None:
    worker = process._process_worker

    def recorded_process_worker(call_queue, result_queue, *args, **kwargs):
        taken = _Taken(call_queue, _call_item)
        return worker(taken, _Returned(result_queue, _result_item), *args, **kwargs)

    recorded_process_worker.__module__ = worker.__module__
    recorded_process_worker.__qualname__ = recorded_process_worker.__name__ = "_process_worker"
    process._process_worker = recorded_process_worker


def _patch_thread_pool(thread) -> None:
    run = thread._WorkItem.run

    def recorded_run(self, *args, **kwargs):
        key = id(self)
        emit("work", os.getpid(), _thread_id(), key, _called(self.fn, self.args), _now())
        try:
            return run(self, *args, **kwargs)
        finally:
            emit("work-end", os.getpid(), key, _now())

    thread._WorkItem.run = recorded_run


# ------------------------------------------------------------------ greenlets


def _greenlet_label(glet) -> str:
    """What the program runs in `glet`, as it named it: "fetch('g0')"; read when the greenlet
    is first switched into (gevent forgets what it runs once it has run)."""
    if getattr(glet, "parent", None) is None:
        return "main greenlet"
    kind = type(glet).__name__
    if kind == "Hub":
        return "Hub"
    run, arguments = getattr(glet, "_run", None), tuple(getattr(glet, "args", None) or ())
    while isinstance(run, functools.partial):  # a pool's map() wraps the function
        run, arguments = run.func, run.args + arguments
    called = getattr(run, "__qualname__", None) or getattr(run, "__name__", None)
    if not isinstance(called, str):
        return kind
    first = repr(arguments[0]) if arguments else ""
    return f"{called}({first if len(first) <= 20 else '…'})"


def _patch_greenlet(greenlet) -> None:
    """A greenlet runs from a switch into it to the next switch away: each run is an event."""
    running: dict[int, int] = {}  # greenlet id -> when it was switched to
    labels: dict[int, str] = {}  # greenlet id -> its label, while it lives
    earlier = None

    def trace(event, args):
        if event in ("switch", "throw"):
            origin, target = args
            now = _now()
            began = running.pop(id(origin), None)
            label = labels.pop(id(origin), None) if origin.dead else labels.get(id(origin))
            if began is not None:
                label = label or _greenlet_label(origin)
                emit("greenlet", os.getpid(), _thread_id(), id(origin), label, began, now)
            running[id(target)] = now
            if id(target) not in labels:
                labels[id(target)] = _greenlet_label(target)
        if earlier is not None:
            earlier(event, args)

    earlier = greenlet.settrace(trace)
    running[id(greenlet.getcurrent())] = _now()


# ------------------------------------------------------------------ when modules load

PATCHES = {
    "threading": _patch_threading,
    "multiprocessing.process": _patch_process,
    "asyncio.base_events": _patch_asyncio,
    "multiprocessing.pool": _patch_pool,
    "concurrent.futures.process": _patch_process_pool,
    "concurrent.futures.thread": _patch_thread_pool,
    "greenlet": _patch_greenlet,
}


class _PatchOnImport:
    """A meta path finder that patches a module of PATCHES once it has been executed."""

    def find_spec(self, name, path=None, target=None):
        if name not in PATCHES:
            return None
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None:
            return spec
        loader, patch = spec.loader, PATCHES[name]
        execute = loader.exec_module

        class Loader:
            def __getattr__(self, attribute):
                return getattr(loader, attribute)

            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                execute(module)
                patch(module)

        spec.loader = Loader()
        return spec


def install() -> None:
    if not FOLDER:
        return
    _started("start")
    import atexit

    atexit.register(lambda: (_sweep_tasks(), _ended("atexit")))
    os.register_at_fork(after_in_child=_after_fork)
    os._exit, os.kill, os.waitpid = _os_exit, _kill, _waitpid
    for name, patch in PATCHES.items():
        if name in sys.modules:
            patch(sys.modules[name])
    sys.meta_path.insert(0, _PatchOnImport())
