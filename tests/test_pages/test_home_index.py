"""docs/index: the build-environment table on the home page."""

import multiprocessing
import os
import platform

from snippets.home import platform_build_env


def test_build_environment_facts_are_this_interpreter(capsys):
    facts = platform_build_env.main()
    printed = capsys.readouterr().out
    assert facts["platform.python_version()"] == platform.python_version()
    assert facts["platform.python_implementation()"] == platform.python_implementation()
    assert facts["os.cpu_count()"] == str(os.cpu_count())
    assert facts["multiprocessing.get_start_method()"] == multiprocessing.get_start_method()
    rows = [line for line in printed.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + len(facts)  # header, separator, one row per fact


def test_build_environment_table_as_the_build_prints_it(run_script):
    result = run_script("snippets/home/platform_build_env.py")
    assert result.returncode == 0, result.output
    assert platform.python_version() in result.output
    assert result.output.splitlines()[1] == "| --- | --- |"
