"""docs/processes/ipc: Queue with a sentinel, Pipe, Value/Array, shared_memory and its lifetime
(close, unlink, the resource tracker, track=False, SharedMemoryManager), Manager."""

import sys
from multiprocessing import shared_memory

import newer_python
import pytest

from snippets.processes import (
    multiprocessing_manager,
    multiprocessing_manager_shutdown,
    multiprocessing_pipe,
    multiprocessing_queue_join,
    multiprocessing_queue_sentinel,
    multiprocessing_queue_writer_killed,
    multiprocessing_shared_memory,
    multiprocessing_value_array,
    shared_memory_attach,
    shared_memory_leak,
    shared_memory_manager,
    shared_memory_shareable_list,
)


def test_queue_reader_receives_exactly_what_was_written(start_method):
    result = multiprocessing_queue_sentinel.main(
        items=(1, 2, 3, 4), delay=0.05, patience=0.5, start_method=start_method
    )
    complete = result["sentinel_complete"]
    assert complete["got"] == complete["written"] == [1, 2, 3, 4]
    failed = result["sentinel_failed"]
    assert failed["got"] == failed["written"] == [1, 2]
    # The seed's fixed-count reader waits for items that never come (here: until patience).
    seed = result["seed"]
    assert seed["got"] == seed["written"] == [1, 2]
    assert seed["elapsed"] >= 0.5


def test_a_reader_with_a_timeout_sees_empty_when_the_writer_was_killed(start_method):
    result = multiprocessing_queue_writer_killed.main(patience=0.1, start_method=start_method)
    # The reader stopped on queue.Empty with the writer dead: nothing came, SIGKILL ended it.
    assert result == {
        "received": [],
        "stopped": "get(timeout=0.1) raised queue.Empty and the writer was dead",
        "exitcode": -9,
    }


def test_child_with_unread_queue_data_cannot_end_until_it_is_read(start_method):
    result = multiprocessing_queue_join.main(
        size=1_000_000, patience=0.3, start_method=start_method
    )
    assert result == {"stuck": True, "received": 1_000_000, "exitcode": 0}


def test_pipe_carries_messages_both_ways(start_method):
    messages = ("ping", "hello", "bye")
    replies = multiprocessing_pipe.main(messages=messages, start_method=start_method)
    assert replies == [m.upper() for m in messages]


def test_locked_value_counts_every_increment(start_method):
    workers, times = 3, 2000
    results = multiprocessing_value_array.main(
        workers=workers, times=times, start_method=start_method
    )
    locked_total, locked_slots = results[True]
    assert locked_total == workers * times
    assert locked_slots == [times] * workers
    unlocked_total, unlocked_slots = results[False]
    assert unlocked_total <= workers * times  # updates may be lost, never invented
    assert unlocked_slots == [times] * workers


def test_shared_memory_is_written_by_children_and_unlinked(start_method):
    result = multiprocessing_shared_memory.main(workers=3, start_method=start_method)
    slices = result["slices"]
    assert all(text.startswith("pid ") for text in slices)
    assert len(set(slices)) == 3
    assert result["gone"] is True  # what the program saw after unlink()
    with pytest.raises(FileNotFoundError):
        shared_memory.SharedMemory(name=result["name"])


def test_shared_memory_outlives_close_until_unlinked():
    block = shared_memory.SharedMemory(create=True, size=16)
    block.close()
    again = shared_memory.SharedMemory(name=block.name)  # closed, not unlinked: still there
    again.close()
    again.unlink()
    with pytest.raises(FileNotFoundError):
        shared_memory.SharedMemory(name=block.name)


def test_manager_dict_and_list_are_shared(start_method):
    shared = multiprocessing_manager.main(workers=3, start_method=start_method)
    assert shared["results"] == {0: 0, 1: 1, 2: 4}
    assert len(shared["log"]) == 3
    assert shared["nested_after_append"] == []


def test_a_manager_without_with_runs_until_shutdown_and_its_proxies_fail_after(start_method):
    result = multiprocessing_manager_shutdown.main(idle=0.2, start_method=start_method)
    # Numbered by the processes this test process has started so far.
    [running] = result["running"]
    assert running.startswith("SyncManager-")
    assert result["ended"] == []
    assert result["failed"] != "nothing"


def test_a_creator_that_forgets_unlink_leaks_until_exit_and_the_tracker_warns():
    results = shared_memory_leak.main()
    for how in ("unlink", "forget"):
        assert results[how]["returncode"] == 0
        assert results[how]["after_close"] is True  # close() never destroys the block
        assert results[how]["after_exit"] is False  # gone from /dev/shm once the creator ended
    assert results["unlink"]["warning"] is None
    assert results["forget"]["warning"] == (
        "There appear to be 1 leaked shared_memory objects to clean up at shutdown"
    )


def check_attach(results: dict, version: tuple[int, int]) -> None:
    assert results["child"] == {"exitcode": 0, "survived": True}
    program = results["program"]
    assert program["exitcode"] == 0 and program["read"] == "hello"
    assert program["survived"] is False  # its own tracker unlinked the creator's block
    assert program["warning"].startswith("There appear to be 1 leaked shared_memory")
    if version >= (3, 13):
        assert results["untracked"] == {
            "exitcode": 0,
            "read": "hello",
            "warning": None,
            "survived": True,
        }
    else:
        assert "untracked" not in results


def test_only_a_standalone_program_that_attaches_destroys_the_block(start_method):
    check_attach(shared_memory_attach.main(start_method=start_method), sys.version_info[:2])


def test_track_false_keeps_the_block_on_3_13(start_method):
    results = newer_python.call(
        "3.13", "snippets.processes.shared_memory_attach", "main", start_method=start_method
    )
    check_attach(results, (3, 13))


def test_the_version_gate_matches_the_track_parameter():
    import inspect

    has_track = "track" in inspect.signature(shared_memory.SharedMemory).parameters
    assert shared_memory_attach.HAS_TRACK == has_track == (sys.version_info >= (3, 13))


def test_shared_memory_manager_unlinks_its_blocks(start_method):
    result = shared_memory_manager.main(workers=4, start_method=start_method)
    assert result == {"values": [0, 1, 4, 9], "gone": True, "exitcodes": [0, 0, 0, 0]}


def test_a_shareable_list_is_changed_in_place_by_a_child_and_keeps_its_shape(start_method):
    result = shared_memory_shareable_list.main(start_method=start_method)
    assert result["exitcode"] == 0
    assert result["seen"] == [2, 2.5, True, "TEXT", b"bytes", None]
    assert result["refused"]["a longer str in item 3"].startswith("ValueError: ")
    assert result["refused"]["append(4)"].startswith("AttributeError: ")


@pytest.mark.parametrize(
    "snippet",
    [
        "shared_memory_leak",
        "shared_memory_attach",
        "shared_memory_manager",
        "shared_memory_shareable_list",
    ],
)
def test_the_lifetime_snippets_leave_no_warning_of_their_own(run_script, snippet):
    result = run_script(f"snippets/processes/{snippet}.py")
    assert result.returncode == 0, result.output
    assert "UserWarning" not in result.output  # warnings of other programs are only reported
    assert "Traceback" not in result.output
