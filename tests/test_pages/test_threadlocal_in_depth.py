"""docs/threadlocal/in-depth: subclass __init__ per thread, class attributes, separate instances,
values released at thread end, sqlite3 connection per thread, asyncio, gevent."""

import subprocess
import sys
import threading

import fresh_interpreter
import newer_python

from snippets.threadlocal import (
    local_asyncio_to_thread,
    local_class_attributes,
    local_init_raises,
    local_instances,
    local_released,
    local_subclass_init,
    sqlite_connection_finally,
    sqlite_connection_per_thread,
    sqlite_connection_pool_registry,
    sqlite_same_thread,
)


def test_init_runs_in_every_thread_with_the_constructor_arguments(capsys):
    result = local_subclass_init.main()
    inits = [line for line in capsys.readouterr().out.splitlines() if "__init__ in" in line]
    assert inits == [
        f"  __init__ in {name} with {{'lang': 'en'}}"
        for name in ("MainThread", "worker-fr", "worker-plain")
    ]  # once per thread, each time with the constructor's arguments
    seen = result["seen"]
    assert seen["worker-fr"] == [
        "lang=en retries=3 owner=worker-fr",
        "lang=fr retries=5 owner=worker-fr",
    ]
    assert seen["worker-plain"] == ["lang=en retries=3 owner=worker-plain"] * 2
    assert result["main"] == "lang=en retries=3 owner=MainThread"
    assert result["class_default"] == 3  # assigning on the instance never touched the class


def test_an_init_that_raises_fails_that_threads_access_only_and_runs_again_next_time(capsys):
    seen = local_init_raises.main()
    assert seen == {
        "first": "ConnectionError: could not connect in worker",
        "second": "owner=worker",  # the next access ran __init__ again, and it succeeded
        "main": "owner=MainThread",  # the main thread's values were not touched
    }
    inits = [line for line in capsys.readouterr().out.splitlines() if "__init__ in" in line]
    assert inits == ["  __init__ in MainThread", "  __init__ in worker", "  __init__ in worker"]


def test_a_mutable_class_attribute_is_shared_but_init_attributes_are_not():
    local_class_attributes.Request.shared_log.clear()
    result = local_class_attributes.main(names=("alice", "bob", "carol"))
    assert result["shared_log"] == ["alice", "bob", "carol"]
    assert result["main_log"] == []


def test_each_local_object_is_a_separate_store():
    seen = local_instances.main()
    assert seen["worker"] == {"user": {"name": "alice"}, "request": {}}
    assert seen["main"] == {"user": {}, "request": {"name": "GET /"}}


def test_a_threads_values_are_released_by_the_time_join_returns():
    for _ in range(20):  # deterministic, not lucky: the same every time
        assert local_released.main() == {"alive_while_running": True, "alive_after_join": False}


def test_sqlite_refuses_a_connection_from_another_thread():
    outcome = sqlite_same_thread.main()
    assert outcome.startswith("ProgrammingError: SQLite objects created in a thread can only")


def test_each_pool_thread_uses_and_closes_its_own_connection():
    sqlite_connection_per_thread.closed.clear()
    result = sqlite_connection_per_thread.main(tasks=8, workers=3)
    assert result["rows"] == 8
    assert 1 <= len(result["threads"]) <= 3
    # Every task used the connection its own thread opened.
    assert all(thread == opened_by for _, thread, opened_by in result["runs"])
    # One connection per thread, each closed when its thread ended.
    assert result["closed"] == result["threads"]


def test_each_thread_closes_its_connection_in_finally_even_when_a_task_fails():
    hooked: list[threading.ExceptHookArgs] = []
    previous, threading.excepthook = threading.excepthook, hooked.append
    try:
        result = sqlite_connection_finally.main(tasks=(0, 1, -1, 2, 3, 4, 5), workers=3)
    finally:
        threading.excepthook = previous
    assert hooked == []  # the failure was handled in the thread, not left to the hook
    assert result["rows"] == 6  # every task but the bad one
    assert result["closed"] == result["threads"]  # every thread closed its own connection


def test_the_pools_owner_closes_every_connection_its_threads_opened():
    result = sqlite_connection_pool_registry.main(tasks=8, workers=3)
    assert result["rows"] == 8
    assert 1 <= result["opened"] <= 3  # one per thread the pool started
    assert result["closed"] == result["opened"]
    assert result["still_open"] == 0


def test_an_unclosed_sqlite_connection_warns_since_3_13():
    code = "import sqlite3\nsqlite3.connect(':memory:')\n"
    python = newer_python.newest("3.13").path
    run = subprocess.run(
        [python, "-W", "error::ResourceWarning", "-c", code], capture_output=True, text=True
    )
    assert "ResourceWarning: unclosed database" in run.stderr
    old = subprocess.run(
        [sys.executable, "-W", "error::ResourceWarning", "-c", code], capture_output=True, text=True
    )
    if sys.version_info < (3, 13):
        assert "unclosed database" not in old.stderr


def test_asyncio_tasks_share_the_loops_local_and_to_thread_sees_another():
    names = ("a", "b", "c")
    results = local_asyncio_to_thread.main(names)
    for name, result in zip(names, results, strict=True):
        assert result["in_loop"] == ("c", name)  # the last value written; its own ContextVar
        assert result["in_pool_thread"] == ("<not set>", name)  # the context is copied


def test_gevent_makes_threading_local_per_greenlet():
    # The snippet patches at import, so it runs in a new interpreter (see test_coroutines_gevent).
    result = fresh_interpreter.call_main("snippets.threadlocal.local_gevent", seconds=0.01)
    assert result["patched"] is True
    assert result["seen"] == {"alice": "alice", "bob": "bob", "carol": "carol"}
    assert result["os_threads"] == 1


def test_the_gevent_snippet_runs_as_the_build_runs_it(run_script):
    result = run_script("snippets/threadlocal/local_gevent.py")
    assert result.returncode == 0, result.output
    assert "threading.local is gevent's local after patch_all(): True" in result.output
