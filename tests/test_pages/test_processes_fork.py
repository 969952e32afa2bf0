"""docs/processes/fork: what os.fork() returns, and what parent and child do and do not share."""

import sys

from snippets.processes import (
    os_fork,
    os_fork_cow,
    os_fork_failure,
    os_fork_held_lock,
    os_fork_shared_fd,
    os_fork_stdout_twice,
    os_fork_threads,
    os_fork_zombie,
)


def test_fork_returns_child_pid_in_parent_and_zero_in_child():
    result = os_fork.main()
    assert result["fork_returned"] == result["child_pid"] > 0
    assert result["child_pid"] != result["parent_pid"]
    assert result["child_ppid"] == result["parent_pid"]
    assert result["exit_code"] == 7  # waitpid + waitstatus_to_exitcode give the child's code


def test_an_exited_child_is_a_zombie_until_waitpid_reaps_it():
    assert os_fork_zombie.main() == {"before": "Z", "exit_code": 3, "after": "gone"}


def test_failed_fork_raises_oserror_instead_of_returning_a_negative_pid():
    outcome = os_fork_failure.main()
    assert outcome.startswith("BlockingIOError: [Errno 11]"), outcome
    assert issubclass(BlockingIOError, OSError)


def test_child_changes_its_own_copy_of_memory():
    result = os_fork_cow.main()
    assert result["child_counter"] == 101
    assert result["child_shopping"] == ["bread", "milk"]
    assert result["parent_counter"] == 100
    assert result["parent_shopping"] == ["bread"]


def test_descriptor_opened_before_fork_shares_its_offset():
    lines = os_fork_shared_fd.main()
    assert len(lines) == 2
    assert lines[0].startswith("child") and lines[0].endswith("wrote first")
    assert lines[1].startswith("parent") and lines[1].endswith("wrote second")


def test_unflushed_line_is_written_by_both_processes():
    results = os_fork_stdout_twice.main()
    unflushed, flushed = results[False], results[True]
    assert unflushed.count("hello from before fork()") == 2
    assert flushed.count("hello from before fork()") == 1
    for lines in (unflushed, flushed):
        assert sum(line.startswith("child") for line in lines) == 1
        assert sum(line.startswith("parent") for line in lines) == 1


def test_only_the_forking_thread_is_copied():
    result = os_fork_threads.main()
    assert result["parent_threads"] >= 2
    assert result["child_threads"] == 1
    if sys.version_info >= (3, 12):
        assert any(w.startswith("DeprecationWarning") for w in result["warnings"])
    else:
        assert result["warnings"] == []


def test_a_lock_held_by_another_thread_at_fork_stays_held_in_the_child_but_loggings_does_not():
    result = os_fork_held_lock.main(patience=0.2, hold=10)
    assert result["child_took_my_lock"] is False
    assert result["child_waited"] >= 0.2  # it gave up at its timeout, never before
    assert result["child_took_the_handlers_lock"] is True  # logging's at-fork handler
    assert result["parent_took_my_lock"] is True
