"""Call a snippet's main() in a new interpreter and return what it returned (as JSON)."""

import json
import subprocess
import sys

from conftest import ROOT


def call_main(module: str, **kwargs) -> dict:
    """Import `module` (`snippets.x.y`) in a new interpreter and return main(**kwargs).

    For a snippet that changes the interpreter as it is imported (gevent's patching), or one
    that signals its own process (a Ctrl+C it sends itself), which the test process must not see.
    """
    code = (
        f"import {module} as snippet\n"  # first: it may patch
        "import json, sys\n"
        f"json.dump(snippet.main(**{kwargs!r}), sys.stdout)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(completed.stdout.splitlines()[-1])
