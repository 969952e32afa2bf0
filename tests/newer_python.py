"""A snippet's function called on a newer Python than the one running the tests.

A page whose snippet needs a newer Python (its block says requires="3.13") is tested on the
newest interpreter of mkdocs.yml's list this machine has, as the build shows it: the function
runs there in a child process and its result comes back as JSON (tuples come back as lists).
No such interpreter is a failure, not a skip: the README's machine has one.
"""

from __future__ import annotations

import json
import os
import subprocess
from functools import cache
from typing import Any

from conftest import ROOT, mkdocs_config
from snippet_runner import interpreters
from snippet_runner.interpreters import Interpreter

CALL = """\
import importlib, json, sys
module, function, arguments = sys.argv[1:]
result = getattr(importlib.import_module(module), function)(**json.loads(arguments))
print("\\n" + json.dumps(result), end="")
"""


@cache
def newest(version: str) -> Interpreter:
    """The newest interpreter found that is `version` ("3.13") or newer."""
    wanted = tuple(int(part) for part in version.split("."))
    listed = [str(name) for name in mkdocs_config()["extra"]["snippet_runner"]["interpreters"]]
    found, _ = interpreters.find(listed)
    able = [i for i in found if not i.free_threaded and i.minor_version >= wanted]
    assert able, f"no interpreter {version} or newer among {[i.name for i in found]}"
    return able[0]


def call(version: str, module: str, function: str = "main", /, **arguments: Any) -> Any:
    """`module.function(**arguments)` on the newest interpreter that is `version` or newer."""
    interpreter = newest(version)
    run = subprocess.run(
        [interpreter.path, "-c", CALL, module, function, json.dumps(arguments)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, f"{interpreter.name}: {run.stderr[-3000:]}"
    return json.loads(run.stdout.rpartition("\n")[2])
