"""docs/threads/index: a process is a container of threads that share its pid and memory."""

import sys

import pytest

from snippets.threads import threading_process_container


def test_threads_share_the_pid_and_the_memory_of_their_process():
    result = threading_process_container.main(workers=3)
    pids = {pid for pid, _ in result["seen"].values()}
    native_ids = [native_id for _, native_id in result["seen"].values()]
    assert len(result["seen"]) == 4  # three workers and the main thread
    assert len(pids) == 1  # one process
    assert len(set(native_ids)) == 4  # four threads the kernel tells apart
    assert sorted(result["shared"]) == ["worker-0", "worker-1", "worker-2"]
    assert result["alive"] >= 4  # counted while all four were inside the barrier


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts /proc/self/task")
def test_the_kernel_counts_the_same_threads():
    result = threading_process_container.main(workers=2)
    assert result["kernel"] >= 3  # two workers and the main thread, alive at once
