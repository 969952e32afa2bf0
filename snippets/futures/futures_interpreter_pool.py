"""InterpreterPoolExecutor (3.14+): what it can send to its interpreters, how failures come back."""

import sys
from concurrent.futures import BrokenExecutor


def square(n: int) -> int:  # defined in this script: the worker runs the script again to find it
    return n * n


def parse(text: str) -> int:
    return int(text)


def connect() -> None:
    raise ConnectionError("database unreachable")


def outcome_of(pool, fn, *args) -> str:
    """What became of one call: its result, or the exception it ended with."""
    try:
        return f"returned {pool.submit(fn, *args).result(timeout=60)!r}"
    except Exception as error:  # reported, whatever it is: this program shows failures
        cause = type(error.__cause__).__name__ if error.__cause__ else "none"
        return f"raised {type(error).__name__} (cause: {cause})"


def main() -> dict[str, str] | None:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    try:
        from concurrent.futures import InterpreterPoolExecutor
    except ImportError:
        print(f"Python {version} has no InterpreterPoolExecutor (added in 3.14)")
        return None
    factor = 3

    def scaled(n: int) -> int:  # a closure: it cannot be pickled, nor run without its cell
        return n * factor

    found = {}
    with InterpreterPoolExecutor(max_workers=2) as pool:
        found["square"] = outcome_of(pool, square, 7)
        found["closure"] = outcome_of(pool, scaled, 7)
        found["parse"] = outcome_of(pool, parse, "forty-two")
    with InterpreterPoolExecutor(max_workers=1, initializer=connect) as pool:
        error = pool.submit(square, 2).exception(timeout=60)
        broken = isinstance(error, BrokenExecutor)
        found["initializer"] = f"{type(error).__name__}, a BrokenExecutor: {broken}"
    print(f"Python {version}")
    print(f"square(7), defined in this script: {found['square']}")
    print(f"a closure:                         {found['closure']}")
    print(f"parse('forty-two'):                {found['parse']}")
    print(f"an initializer that raises:        {found['initializer']}")
    return found


if __name__ == "__main__":
    main()
