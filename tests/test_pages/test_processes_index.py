"""docs/processes/index: every process has a pid, and its ppid is the process that started it."""

import os
import re

from snippets.processes import os_getpid


def test_pid_and_ppid_of_this_process():
    result = os_getpid.main()
    assert result == {"pid": os.getpid(), "ppid": os.getppid()}


def test_ppid_is_the_process_that_started_the_script(run_script):
    result = run_script("snippets/processes/os_getpid.py")
    assert result.returncode == 0, result.output
    pids = [int(pid) for pid in re.findall(r"pid (\d+)", result.output)]
    assert len(pids) == 2
    child, parent = pids
    assert parent == os.getpid()  # run_script started it from this test process
    assert child != parent
