"""docs/index: the build-environment tables on the home page."""

import json
import multiprocessing
import os
import platform

from snippets.home import platform_build_env


def test_run_alone_it_lists_this_interpreter(capsys, monkeypatch):
    monkeypatch.delenv(platform_build_env.INTERPRETERS_VARIABLE, raising=False)
    facts = platform_build_env.main()
    printed = capsys.readouterr().out
    [interpreter] = facts["interpreters"]
    assert interpreter["version"] == platform.python_version()
    assert interpreter["start_method"] == multiprocessing.get_start_method()
    assert facts["machine"]["`os.cpu_count()`"] == str(os.cpu_count())
    rows = [line for line in printed.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + 1 + 2 + len(facts["machine"])  # two headed tables


def test_under_the_build_it_lists_every_interpreter_found(capsys, monkeypatch):
    found = [
        {"name": "3.14t", "version": "3.14.2", "free_threaded": True, "start_method": "forkserver"},
        {"name": "3.12", "version": "3.12.1", "free_threaded": False, "start_method": "fork"},
    ]
    monkeypatch.setenv(platform_build_env.INTERPRETERS_VARIABLE, json.dumps(found))
    platform_build_env.main()
    rows = capsys.readouterr().out.splitlines()
    assert rows[2] == "| 3.14t | 3.14.2 | free-threaded | forkserver |"
    assert rows[3] == "| 3.12 | 3.12.1 | with the GIL | fork |"


def test_build_environment_table_as_the_build_prints_it(run_script):
    result = run_script("snippets/home/platform_build_env.py")
    assert result.returncode == 0, result.output
    assert platform.python_version() in result.output
    assert result.output.splitlines()[1] == "| --- | --- | --- | --- |"
