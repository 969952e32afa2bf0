"""Give every Python process a snippet starts what it has when run from a terminal.

- stdout and stderr line-buffered, as on a terminal (see snippet_runner);
- SIGINT raising KeyboardInterrupt: a build started in the background of a shell script
  inherits SIGINT ignored, and Python then keeps it ignored, so a snippet that interrupts a
  child would wait for it in vain.
"""

import importlib.machinery
import importlib.util
import os
import signal
import sys

for stream in (sys.stdout, sys.stderr):
    if stream is not None and hasattr(stream, "reconfigure"):
        stream.reconfigure(line_buffering=True)

if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# This file shadows any sitecustomize the interpreter already had: run that one too.
_here = os.path.dirname(os.path.abspath(__file__))
_rest = [p for p in sys.path if os.path.abspath(p or ".") != _here]
_spec = importlib.machinery.PathFinder.find_spec("sitecustomize", _rest)
if _spec is not None and _spec.loader is not None:
    _spec.loader.exec_module(importlib.util.module_from_spec(_spec))
