"""docs/processes/index: every process has a pid, and its ppid is the process that started it."""

import os
import re
import subprocess
import sys

from conftest import ROOT
from snippet_runner.supervisor import NAME as RUNNER_NAME

from snippets.processes import os_getpid

SCRIPT = "snippets/processes/os_getpid.py"


def printed_pids(output: str) -> tuple[int, int, str]:
    """The script's own pid, its parent's pid and its parent's name, as printed."""
    lines = re.findall(r"pid (\d+) \((.*)\)", output)
    assert len(lines) == 2, output
    (child, _), (parent, parent_name) = lines
    return int(child), int(parent), parent_name


def test_pid_and_ppid_of_this_process():
    result = os_getpid.main()
    assert result == {"pid": os.getpid(), "ppid": os.getppid()}


def test_ppid_is_the_process_that_started_the_script():
    with subprocess.Popen(
        [sys.executable, SCRIPT], cwd=ROOT, stdout=subprocess.PIPE, text=True
    ) as script:
        output, _ = script.communicate(timeout=60)
    child, parent, _ = printed_pids(output)
    assert (child, parent) == (script.pid, os.getpid())


def test_on_the_page_the_parent_is_the_site_builds_snippet_runner(run_script):
    # What the page says of its output: the build's snippet runner started the program.
    result = run_script(SCRIPT)
    assert result.returncode == 0, result.output
    child, parent, parent_name = printed_pids(result.output)
    assert child == result.pid != parent
    assert parent_name == RUNNER_NAME
