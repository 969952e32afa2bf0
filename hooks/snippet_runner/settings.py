"""The runner's settings, typed and bounded: `extra.snippet_runner` in mkdocs.yml, fence options.

Each setting is declared once here, with its type, its bounds and its default; a misspelt key,
a wrong type or a value out of bounds is an error that names the key and says what is allowed.
The same option types read a block's fence (`timeout="8"`), so a block can never ask for what
the site's settings could not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from .launch import GiB, KiB, Limits, MiB, format_size, parse_size

START_METHODS = ("fork", "spawn", "forkserver")
INTERPRETER_NAME = re.compile(r"^3\.\d+t?$")
FALSE = {"", "0", "no", "off", "false"}
TRUE = {"1", "yes", "on", "true"}


class Seconds(c.BaseConfigOption[float]):
    """A duration in seconds, within bounds."""

    def __init__(self, default: float, *, maximum: float) -> None:
        super().__init__()
        self.default, self.maximum = default, maximum

    def run_validation(self, value: object) -> float:
        try:
            seconds = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValidationError(f"expected a number of seconds, got {value!r}") from None
        if not 0 < seconds <= self.maximum:
            raise ValidationError(f"must be more than 0 and at most {self.maximum:g} s")
        return seconds


class Size(c.BaseConfigOption[int]):
    """A size in bytes, written "512KiB", "1MiB", "2GiB" (binary units), within bounds."""

    def __init__(self, default: str, *, minimum: int, maximum: int) -> None:
        super().__init__()
        self.default, self.minimum, self.maximum = default, minimum, maximum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValidationError(f"expected a size such as 1MiB, got {value!r}")
        try:
            size = parse_size(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if not self.minimum <= size <= self.maximum:
            raise ValidationError(
                f"must be from {format_size(self.minimum)} to {format_size(self.maximum)}"
            )
        return size


class Count(c.BaseConfigOption[int]):
    """A whole number within bounds."""

    def __init__(self, default: int, *, minimum: int, maximum: int) -> None:
        super().__init__()
        self.default, self.minimum, self.maximum = default, minimum, maximum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool):
            raise ValidationError(f"expected a whole number, got {value!r}")
        try:
            number = int(str(value))
        except ValueError:
            raise ValidationError(f"expected a whole number, got {value!r}") from None
        if not self.minimum <= number <= self.maximum:
            raise ValidationError(f"must be from {self.minimum} to {self.maximum}")
        return number


class InterpreterName(c.BaseConfigOption[str]):
    """A CPython feature release as mkdocs.yml names it: "3.14", or "3.14t" (free-threaded)."""

    def run_validation(self, value: object) -> str:
        name = str(value)
        if not INTERPRETER_NAME.match(name):
            raise ValidationError(f'{value!r} is not an interpreter name such as "3.14" or "3.14t"')
        return name


class RunnerSettings(Config):
    """`extra.snippet_runner` in mkdocs.yml."""

    # Every run (a block's snippet, a lab notebook) gets these ceilings; a block may lower or
    # raise its own, within the same bounds.
    timeout = Seconds(30, maximum=60)
    output_limit = Size("1MiB", minimum=1 * KiB, maximum=64 * MiB)
    memory_limit = Size("2GiB", minimum=64 * MiB, maximum=16 * GiB)
    # Processes of one run alive at once (threads not counted), and what its folder may hold.
    processes = Count(64, minimum=1, maximum=1024)
    disk_limit = Size("256MiB", minimum=1 * MiB, maximum=4 * GiB)
    # How many uncached runs a cold build starts side by side (most of them sleep).
    workers = Count(128, minimum=1, maximum=512)
    # What snippets run on, newest first; the pages show the newest found.
    interpreters = c.ListOfItems(InterpreterName(), default=[])
    # multiprocessing's default start method for every run, instead of each interpreter's own
    # (e.g. forkserver, as on 3.14+, to preview here what the Pages build shows).
    start_method = c.Optional(c.Choice(START_METHODS))
    # A lab notebook's whole run, all its cells together.
    notebook_timeout = Seconds(300, maximum=1800)

    def limits(self) -> Limits:
        return Limits(
            timeout=self.timeout,
            output=self.output_limit,
            memory=self.memory_limit,
            processes=self.processes,
            disk=self.disk_limit,
        )


KEYS = tuple(
    name for name, value in vars(RunnerSettings).items() if isinstance(value, c.BaseConfigOption)
)


class SettingsError(Exception):
    """Settings that cannot be used: one line per key, naming it and what it allows."""


def load(options: Mapping[str, Any] | None, *, where: str) -> RunnerSettings:
    """Validated settings from `options`; `where` names them in errors (extra.snippet_runner)."""
    settings = RunnerSettings()
    settings.load_dict(dict(options or {}))
    errors, warnings = settings.validate()
    problems = [f"{where}.{key}: {error}" for key, error in errors]
    problems += [
        f"{where}.{key}: unknown setting (allowed: {', '.join(KEYS)})"
        for key, _ in warnings
        if key not in KEYS
    ]
    if problems:
        raise SettingsError("\n".join(problems))
    return settings


# ------------------------------------------------------------------ a fence's options

# What a block's fence may say to the runner (markdown-exec must not see these).
FENCE_OPTIONS: dict[str, c.BaseConfigOption] = {
    "timeout": RunnerSettings.timeout,
    "output_limit": RunnerSettings.output_limit,
    "memory_limit": RunnerSettings.memory_limit,
    "processes": RunnerSettings.processes,
    "disk_limit": RunnerSettings.disk_limit,
    "alone": c.Choice(sorted(FALSE | TRUE)),
    "timeline": c.Choice(sorted(FALSE | TRUE)),
    "matrix": c.Type(str),
    "requires": c.Type(str),
    "returncode": c.Type(str),
}


def fence_option(name: str, value: str) -> Any:
    """A fence option's value, validated as the setting of the same name is; ValueError if not."""
    option = FENCE_OPTIONS.get(name)
    if option is None:
        raise ValueError(f"unknown option {name} (allowed: {', '.join(FENCE_OPTIONS)})")
    try:
        return option.validate(value)
    except ValidationError as error:
        raise ValueError(f'{name}="{value}": {error}') from None
