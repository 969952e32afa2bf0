"""docs/threadlocal/index: threading.local per thread, its leak in pools, contextvars per task."""

import asyncio
import contextvars
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from snippets.coroutines import contextvars_per_task
from snippets.threadlocal import threading_local, threading_local_pool_leak


def test_each_thread_sees_its_own_value():
    users = ("alice", "bob", "carol", "dave")
    result = threading_local.main(users=users, delay=0.05)
    assert result["seen"] == {f"worker-{user}": user for user in users}
    assert result["main"] == "<not set>"


def test_a_pooled_thread_carries_a_thread_local_into_the_next_task():
    results = threading_local_pool_leak.main()
    assert results["handle"] == ["alice", "alice"]  # the anonymous task saw alice
    assert results["handle_and_clean_up"] == ["alice", "<not set>"]


def test_asyncio_tasks_share_one_thread_local_but_each_has_its_own_context_var():
    requests = ("a", "b", "c")
    results = contextvars_per_task.main(requests, seconds=0.01)
    assert [from_context for _, from_context, _ in results] == list(requests)
    # All tasks run in one thread, so they see one threading.local: the last value written.
    assert [from_local for _, _, from_local in results] == ["c"] * len(requests)
    assert contextvars_per_task.request_id.get() == "-"  # a task's set() stays in its copy


def test_reading_an_unset_thread_local_attribute_raises():
    with pytest.raises(AttributeError):
        threading.local().user  # noqa: B018  (the read itself is the test)


@pytest.mark.skipif(
    getattr(sys.flags, "thread_inherit_context", False),
    reason="this interpreter gives new threads a copy of the context",
)
def test_context_vars_in_a_thread_pool():
    user: contextvars.ContextVar[str] = contextvars.ContextVar("user", default="-")
    user.set("submitter")

    def handle(name: str | None) -> str:
        if name is not None:
            user.set(name)
        return user.get()

    with ThreadPoolExecutor(max_workers=1) as pool:
        # Submitted as they are: the pool thread's own context, not the submitter's, and the
        # value one task sets stays for the next.
        seen = [pool.submit(handle, name).result() for name in (None, "alice", None)]
        assert seen == ["-", "alice", "alice"]
    with ThreadPoolExecutor(max_workers=1) as pool:
        runs = [pool.submit(contextvars.copy_context().run, handle, n) for n in ("alice", None)]
        assert [run.result() for run in runs] == ["alice", "submitter"]  # a copy per call

    async def in_a_task() -> str:
        user.set("bob")
        return await asyncio.to_thread(user.get)

    assert asyncio.run(in_a_task()) == "bob"
