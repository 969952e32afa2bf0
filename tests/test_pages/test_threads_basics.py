"""docs/threads/basics: Thread(target, name, args, kwargs), names and idents, _thread."""

import io
import os
import sys
import threading
import time

import parallelism
import pytest

from snippets.threads import (
    _thread_low_level,
    threading_ident,
    threading_target_raises,
    threading_thread_args,
)


def test_args_and_kwargs_reach_the_target_and_the_threads_run_together(monkeypatch):
    times, delay = 3, 0.2
    sleeps = parallelism.RecordedWaits(time.sleep)
    monkeypatch.setattr(threading_thread_args.time, "sleep", sleeps)
    result = threading_thread_args.main(times=times, delay=delay)
    log = result["log"]
    assert sorted(i for name, action, i in log if (name, action) == ("singer", "sing")) == [0, 1, 2]
    assert sorted(i for name, action, i in log if (name, action) == ("dancer", "dance")) == [
        0,
        1,
        2,
    ]
    # Together: the singer's and the dancer's sleeps are in progress at the same moments (a
    # busy machine can start a thread late, but cannot make their sleeps take turns).
    spans = sleeps.of("singer", "dancer")
    assert len(spans) == 2 * times
    assert parallelism.most_at_once(spans) == 2


def test_print_writes_text_and_newline_separately():
    """Why the snippets write each line with one write() call."""

    class Recorder(io.StringIO):
        def __init__(self) -> None:
            super().__init__()
            self.calls: list[str] = []

        def write(self, text: str) -> int:
            self.calls.append(text)
            return super().write(text)

    recorder = Recorder()
    print("one line", file=recorder)
    assert recorder.calls == ["one line", "\n"]


def test_each_thread_has_a_name_and_an_ident():
    results = threading_ident.main()
    by_label = {info["label"]: info for info in results}
    main_info = by_label["main"]
    assert main_info["name"] == "MainThread" and main_info["is_main"]
    assert by_label["named"]["name"] == "downloader"
    assert by_label["unnamed"]["name"].startswith("Thread-")
    assert {info["pid"] for info in results} == {os.getpid()}
    for label in ("named", "unnamed"):
        assert not by_label[label]["is_main"]
        assert by_label[label]["ident"] != main_info["ident"]  # main was alive meanwhile
    assert main_info["ident"] == threading.main_thread().ident


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux: tid of main == pid")
def test_on_linux_the_main_threads_native_id_is_the_pid():
    main_info = next(info for info in threading_ident.main() if info["label"] == "main")
    assert main_info["native_id"] == os.getpid()


def test_the_low_level_module_is_underscore_thread():
    result = _thread_low_level.main(delay=0.01)
    assert result["task_finished"]
    assert result["task_ident"] != result["main_ident"]
    assert result["same_get_ident"]
    assert not result["python2_thread_module"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux: /proc/<pid>/task")
def test_native_id_is_the_kernels_thread_id():
    ids: list[int] = []
    thread = threading.Thread(target=lambda: ids.append(threading.get_native_id()))
    thread.start()
    thread.join()
    assert thread.native_id == ids[0]
    assert str(threading.get_native_id()) in os.listdir(f"/proc/{os.getpid()}/task")


def test_a_thread_starts_only_once_and_inherits_daemon_from_its_creator():
    seen: list[bool] = []

    def create_child() -> None:
        child = threading.Thread(target=lambda: None)
        seen.append(child.daemon)  # created by a daemon thread: daemon by default

    parent = threading.Thread(target=create_child, daemon=True)
    parent.start()
    parent.join()
    assert seen == [True]
    assert threading.Thread(target=lambda: None).daemon is False  # created by a non-daemon
    with pytest.raises(RuntimeError, match="started once"):
        parent.start()


def test_an_exception_in_the_target_ends_its_thread_only():
    hooked: list[threading.ExceptHookArgs] = []
    previous, threading.excepthook = threading.excepthook, hooked.append
    try:
        result = threading_target_raises.main(text="not a number")
    finally:
        threading.excepthook = previous
    assert [args.exc_type for args in hooked] == [ValueError]  # handed to the hook, once
    assert hooked[0].thread.name == "parser"
    assert result == {
        "returned": None,  # join() does not raise the target's exception
        "alive": False,
        "restart": "threads can only be started once",
    }


def test_the_failing_thread_is_printed_and_the_program_exits_0(run_script):
    result = run_script("snippets/threads/threading_target_raises.py")
    assert result.returncode == 0
    assert "Exception in thread parser:" in result.stderr
    assert "ValueError: invalid literal for int()" in result.stderr
    assert "main: carries on" in result.output
