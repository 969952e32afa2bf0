"""docs/coroutines/index: generators as coroutines, the removed decorator, one thread, await."""

import sys

import pytest

from snippets.coroutines import (
    asyncio_coroutine_decorator,
    asyncio_single_thread,
    generator_coroutine,
    generator_scheduler,
)


def test_generator_coroutine_resumes_where_it_paused():
    # The generator keeps its local state between send() calls: each result depends on all
    # the values sent before it.
    assert generator_coroutine.main((10, 20, 60, 10)) == [10, 15, 30, 25]


def test_generator_coroutine_is_finished_after_close():
    averager = generator_coroutine.running_average()
    next(averager)
    averager.close()
    with pytest.raises(StopIteration):
        averager.send(1)


def test_scheduler_interleaves_two_generators_on_one_thread():
    log = generator_scheduler.main(steps=3)
    assert [(name, step) for name, step, _ in log] == [
        ("A", 1),
        ("B", 1),
        ("A", 2),
        ("B", 2),
        ("A", 3),
        ("B", 3),
    ]
    assert len({thread_id for _, _, thread_id in log}) == 1


@pytest.mark.skipif(sys.version_info < (3, 11), reason="removed in 3.11")
def test_asyncio_coroutine_decorator_is_gone():
    assert asyncio_coroutine_decorator.main() is False


def test_all_tasks_run_in_one_thread():
    log = asyncio_single_thread.main(steps=4)
    assert len({thread_id for _, _, thread_id in log}) == 1


def test_a_task_without_await_is_never_interrupted():
    steps = 5
    log = asyncio_single_thread.main(steps=steps)
    order = [name for name, _, _ in log]
    first = order.index("G")
    assert order[first : first + steps] == ["G"] * steps


def test_tasks_that_await_take_turns():
    log = asyncio_single_thread.main(steps=3)
    polite = [name for name, _, _ in log if name in "AB"]
    # Each await hands over: A and B alternate instead of one running to its end first.
    assert polite == ["A", "B", "A", "B", "A", "B"]
