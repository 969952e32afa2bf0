"""Reading executed blocks and their options: one reading for the plan and for the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from snippet_runner import fences, launch


@pytest.mark.parametrize(
    "text, size",
    [
        ("1048576", 1 << 20),
        ("512K", 512 << 10),
        ("1MiB", 1 << 20),
        ("2 GiB", 2 << 30),
        ("1.5MB", 3 << 19),
    ],
)
def test_sizes_are_read_in_binary_units(text: str, size: int) -> None:
    assert launch.parse_size(text) == size


def test_a_size_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="not a size"):
        launch.parse_size("lots")


def test_blocks_carry_their_options_over_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "snippets").mkdir()
    for name in ("a", "b"):
        (tmp_path / "snippets" / f"{name}.py").write_text("print(1)\n")
    markdown = (
        '```python exec="1" timeout="90" output_limit="4MiB" alone="1" returncode="2"\n'
        '--8<-- "snippets/a.py"\n```\n\n'
        '```python exec="1"\n--8<-- "snippets/b.py"\n```\n\n'
        '```python exec="0"\n--8<-- "snippets/b.py"\n```\n\n'
        '```python exec="1"\n--8<-- "snippets/missing.py"\n```\n'
    )
    base = fences.defaults({"snippet_runner": {"timeout": 20, "memory_limit": "1GiB"}})
    first, second = fences.blocks_in(markdown, tmp_path, base)
    assert first.script.name == "a.py" and (first.alone, first.returncode) == (True, 2)
    assert first.limits.timeout == fences.MAX_TIMEOUT  # at most 60 s, whatever a block asks
    assert (first.limits.output, first.limits.memory) == (4 << 20, 1 << 30)
    assert second.script.name == "b.py" and (second.alone, second.returncode) == (False, 0)
    assert (second.limits.timeout, second.limits.output) == (20, launch.Limits().output)
