"""docs/threadlocal/index: threading.local per thread, its leak in pools, contextvars per task."""

import asyncio
import contextvars
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import newer_python
import pytest

from snippets.threadlocal import (
    contextvars_thread_start,
    threading_local,
    threading_local_pool_leak,
)


def test_each_thread_sees_its_own_value():
    users = ("alice", "bob", "carol", "dave")
    result = threading_local.main(users=users, delay=0.05)
    assert result["seen"] == {f"worker-{user}": user for user in users}
    assert result["main"] == "<not set>"


def test_a_pooled_thread_carries_a_thread_local_into_the_next_task():
    results = threading_local_pool_leak.main()
    assert results["handle"] == ["alice", "alice"]  # the anonymous task saw alice
    assert results["handle_and_clean_up"] == ["alice", "<not set>"]


def test_reading_an_unset_thread_local_attribute_raises():
    with pytest.raises(AttributeError):
        threading.local().user  # noqa: B018  (the read itself is the test)


def test_context_vars_in_a_thread_pool():
    user: contextvars.ContextVar[str] = contextvars.ContextVar("user", default="-")
    user.set("submitter")
    # A pool thread starts empty, or (3.14+, the flag on) with a copy of its starter's context.
    starts_with = "submitter" if getattr(sys.flags, "thread_inherit_context", 0) else "-"

    def handle(name: str | None) -> str:
        if name is not None:
            user.set(name)
        return user.get()

    with ThreadPoolExecutor(max_workers=1) as pool:
        # Submitted as they are: the pool thread's own context, and the value one task sets
        # stays for the next.
        seen = [pool.submit(handle, name).result() for name in (None, "alice", None)]
        assert seen == [starts_with, "alice", "alice"]
    with ThreadPoolExecutor(max_workers=1) as pool:
        runs = [pool.submit(contextvars.copy_context().run, handle, n) for n in ("alice", None)]
        assert [run.result() for run in runs] == ["alice", "submitter"]  # a copy per call

    async def in_a_task() -> str:
        user.set("bob")
        return await asyncio.to_thread(user.get)

    assert asyncio.run(in_a_task()) == "bob"


def test_a_new_thread_gets_its_starters_context_only_as_a_copy():
    result = contextvars_thread_start.main()
    inherits = bool(result["flag"])  # None before 3.14; 0 or 1 from 3.14 on
    assert result["seen"] == {
        "plain Thread": "alice" if inherits else "<not set>",
        "copy_context().run": "alice",  # on every version
    }
    if sys.version_info < (3, 14):
        assert result["flag"] is None


def test_with_the_gil_a_new_thread_starts_empty_on_the_newest_python():
    # newer_python picks a build with the GIL: no flag before 3.14, the flag off from 3.14 on.
    result = newer_python.call("3.13", "snippets.threadlocal.contextvars_thread_start", "main")
    assert result["free_threaded"] is False
    assert result["flag"] in (None, 0)
    assert result["seen"] == {"plain Thread": "<not set>", "copy_context().run": "alice"}
