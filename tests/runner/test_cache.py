"""Cache keys: everything a run depends on, and nothing else."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from snippet_runner import cache


def test_cache_key_covers_interpreter_and_runner_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "snippets").mkdir()
    script = tmp_path / "snippets" / "x.py"
    script.write_text("print(1)\n")
    key = cache.cache_key(script, tmp_path)
    monkeypatch.setattr(cache, "RUNNER_VERSION", "other")
    assert cache.cache_key(script, tmp_path) != key
    monkeypatch.undo()
    runs_on = f"{sys.executable}\n{sys.version}"
    assert cache.cache_key(script, tmp_path, runs_on=runs_on) == key
    assert cache.cache_key(script, tmp_path, runs_on=runs_on + " (another build)") != key
    assert cache.cache_key(script, tmp_path, runs_on=runs_on + "\nspawn") != key
