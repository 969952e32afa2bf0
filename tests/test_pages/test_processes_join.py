"""docs/processes/join: join() blocks only its caller, returns None, and Ctrl+C stops only it."""

import multiprocessing as mp

import fresh_interpreter
import pytest

from snippets.processes import (
    multiprocessing_join,
    multiprocessing_join_interrupt,
    multiprocessing_join_timeout,
)


def test_join_blocks_only_the_calling_thread(start_method):
    result = multiprocessing_join.main(duration=1.0, interval=0.1, start_method=start_method)
    # join() returned only once the child's second of work was over, and that work began after
    # the program's clock started (t0, before the child was made): whenever the busy machine
    # let the parent reach join(), it cannot have returned sooner.
    assert result["join_ended"] >= 1.0
    assert len(result["ticks_during_join"]) >= 1  # another thread of the parent kept running


def test_join_timeout_returns_none_while_the_child_lives(start_method):
    result = multiprocessing_join_timeout.main(duration=1.0, timeout=0.2, start_method=start_method)
    assert result["first"] == {"returned": None, "alive": True, "exitcode": None}
    assert result["waited"] >= 0.15
    assert result["second"] == {"returned": None, "alive": False, "exitcode": 0}


def test_join_needs_a_started_process(start_method):
    process = mp.get_context(start_method).Process(target=multiprocessing_join_timeout.work)
    with pytest.raises(AssertionError, match="can only join a started process"):
        process.join()


def test_ctrl_c_in_join_raises_in_the_parent_and_leaves_the_child_running(start_method):
    # In a new interpreter: the snippet sends SIGINT to its own process.
    result = fresh_interpreter.call_main(
        multiprocessing_join_interrupt.__name__, after=0.5, duration=60.0, start_method=start_method
    )
    assert result == {"interrupted": "KeyboardInterrupt", "alive": True, "exitcode": -15}
