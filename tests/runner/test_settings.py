"""The runner's settings (`extra.snippet_runner`): typed, bounded, and every mistake named."""

from __future__ import annotations

import pytest
from minisite import MiniSite
from snippet_runner import settings

WHERE = "extra.snippet_runner"


def test_the_defaults_are_the_documented_ones() -> None:
    loaded = settings.load({}, where=WHERE)
    limits = loaded.limits()
    assert (limits.timeout, limits.output, limits.memory) == (30, 1 << 20, 2 << 30)
    assert (limits.processes, limits.disk) == (64, 256 << 20)
    assert (loaded.workers, loaded.interpreters, loaded.start_method) == (128, [], None)
    assert loaded.notebook_timeout == 300


@pytest.mark.parametrize(
    "key, good, bad, message",
    [
        ("timeout", [0.5, 60, "8"], [0, 61, -1, "soon"], "at most 60 s|number of seconds"),
        ("output_limit", ["1KiB", "64MiB", 4096], ["1023", "65MiB", "lots", True], "size|1 KiB"),
        ("memory_limit", ["64MiB", "16GiB"], ["63MiB", "17GiB", 1.5], "size|from 64 MiB"),
        ("workers", [1, 512, "6"], [0, 513, True, "many"], "whole number|from 1 to 512"),
        ("processes", [1, 64, 1024], [0, 1025, "lots"], "whole number|from 1 to 1024"),
        ("disk_limit", ["1MiB", "4GiB"], ["1KiB", "5GiB", "big"], "size|from 1 MiB"),
        (
            "interpreters",
            [["3.14", "3.14t"], []],
            [["3.x"], ["python3"], "3.14"],
            "interpreter|list",
        ),
        ("start_method", ["fork", "spawn", "forkserver", None], ["threads", 1], "Expected one of"),
        ("notebook_timeout", [1, 1800], [0, 1801], "at most 1800 s"),
    ],
)
def test_each_setting_takes_what_is_in_bounds_and_names_what_is_not(
    key: str, good: list, bad: list, message: str
) -> None:
    for value in good:
        settings.load({key: value}, where=WHERE)
    for value in bad:
        with pytest.raises(settings.SettingsError, match=rf"^{WHERE}\.{key}: .*({message})"):
            settings.load({key: value}, where=WHERE)


def test_a_misspelt_setting_is_named_with_those_allowed() -> None:
    with pytest.raises(settings.SettingsError) as raised:
        settings.load({"timeot": 5, "output_limit": "1MiB"}, where=WHERE)
    assert str(raised.value) == (
        f"{WHERE}.timeot: unknown setting (allowed: {', '.join(settings.KEYS)})"
    )


def test_a_bad_setting_fails_the_strict_build_naming_it(mini_site: MiniSite) -> None:
    mini_site.settings(timeout="5\n    timeot: 5")
    mini_site.page("page", "Text.\n")
    build = mini_site.build()
    assert build.returncode != 0
    assert "extra.snippet_runner.timeot: unknown setting (allowed: timeout," in build.stderr
