"""Reading executed blocks and their options: one reading for the plan and for the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from snippet_runner import fences, launch, settings


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
        '```python exec="1" timeout="50" output_limit="4MiB" alone="1" returncode="2"\n'
        '--8<-- "snippets/a.py"\n```\n\n'
        '```python exec="1"\n--8<-- "snippets/b.py"\n```\n\n'
        '```python exec="0"\n--8<-- "snippets/b.py"\n```\n\n'
        '```python exec="1"\n--8<-- "snippets/missing.py"\n```\n'
    )
    base = settings.load({"timeout": 20, "memory_limit": "1GiB"}, where="extra").limits()
    first, second = fences.blocks_in(markdown, tmp_path, base)
    assert first.script.name == "a.py" and (first.alone, first.returncode) == (True, 2)
    assert first.limits.timeout == 50
    assert (first.limits.output, first.limits.memory) == (4 << 20, 1 << 30)
    assert second.script.name == "b.py" and (second.alone, second.returncode) == (False, 0)
    assert (second.limits.timeout, second.limits.output) == (20, launch.Limits().output)


@pytest.mark.parametrize(
    "option, message",
    [
        ('timeout="90"', 'timeout="90": must be more than 0 and at most 60 s'),
        ('output_limit="lots"', "not a size: 'lots'"),
        ('memory_limit="1KiB"', "must be from 64 MiB to 16 GiB"),
        ('alone="maybe"', 'alone="maybe"'),
        ('matrix="colours"', "unknown colours (it takes interpreters and start-methods)"),
        ('requires="new"', 'requires="new": expected a Python version such as "3.13"'),
        ('returncode="x"', 'returncode="x": expected a whole number'),
    ],
)
def test_a_block_asking_for_what_the_site_cannot_give_is_named_and_left_out(
    tmp_path: Path, option: str, message: str
) -> None:
    """A bad option is an error that names it (the page's render warns with it), never a
    silent default; the plan leaves the block out."""
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "a.py").write_text("print(1)\n")
    markdown = f'```python exec="1" {option}\n--8<-- "snippets/a.py"\n```\n'
    assert fences.blocks_in(markdown, tmp_path, launch.Limits()) == []
    name, value = option.split("=", 1)
    with pytest.raises(ValueError) as raised:
        fences.block_of(tmp_path / "snippets" / "a.py", {name: value.strip('"')}, launch.Limits())
    assert message in str(raised.value)
