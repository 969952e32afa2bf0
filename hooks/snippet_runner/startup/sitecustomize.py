"""Give every Python process a snippet starts what it has when run from a terminal.

- stdout and stderr line-buffered, as on a terminal (see snippet_runner);
- SIGINT raising KeyboardInterrupt: a build started in the background of a shell script
  inherits SIGINT ignored, and Python then keeps it ignored, so a snippet that interrupts a
  child would wait for it in vain;
- multiprocessing's default start method, when the run asks for one ($SNIPPET_START_METHOD,
  the runner's start-method matrix): as a default, so a snippet's own set_start_method() and
  get_start_method(allow_none=True) behave as on an interpreter whose default it is;
- when the run records its timeline ($SNIPPET_TIMELINE), the recorder (`_timeline`);
- `os.fork()` that never fails with EINTR, as on a terminal: under the runner's ceiling on
  processes each new process waits for the runner's leave, and a signal that arrives before
  the runner has read the request (a SIGCHLD in a fork server) interrupts the fork, which the
  kernel does not restart for a Python handler; it is tried again.
"""

import functools
import importlib.machinery
import importlib.util
import os
import signal
import sys

if os.environ.get("SNIPPET_TIMELINE"):
    import _timeline

    _timeline.install()

for stream in (sys.stdout, sys.stderr):
    if stream is not None and hasattr(stream, "reconfigure"):
        stream.reconfigure(line_buffering=True)

if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _fork_again_if_interrupted(fork):
    @functools.wraps(fork)
    def fork_until_done():
        while True:
            try:
                return fork()
            except InterruptedError:
                continue  # the signal's handler runs; nothing was made

    return fork_until_done


if hasattr(os, "fork"):
    os.fork = _fork_again_if_interrupted(os.fork)

if os.environ.get("SNIPPET_START_METHOD"):
    import multiprocessing.context as _context

    _context._default_context._default_context = _context._concrete_contexts[
        os.environ["SNIPPET_START_METHOD"]
    ]

# This file shadows any sitecustomize the interpreter already had: run that one too.
_here = os.path.dirname(os.path.abspath(__file__))
_rest = [p for p in sys.path if os.path.abspath(p or ".") != _here]
_spec = importlib.machinery.PathFinder.find_spec("sitecustomize", _rest)
if _spec is not None and _spec.loader is not None:
    _spec.loader.exec_module(importlib.util.module_from_spec(_spec))
