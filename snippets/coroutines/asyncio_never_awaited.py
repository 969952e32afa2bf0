"""A coroutine called but never awaited: the warning, and where debug mode says it was made."""

import asyncio
import sys
import warnings


def say(line: str) -> None:
    """Print to stderr, where asyncio's messages go: one stream keeps the lines in order."""
    print(line, file=sys.stderr)


async def save(record: str) -> None:
    await asyncio.sleep(0)


async def handler() -> None:
    save("order 42")  # forgot the await: the body of save() never runs


def run(debug: bool) -> str:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(handler(), debug=debug)
    (w,) = caught  # kept for main()'s result; now print it to stderr as Python would have
    warnings.showwarning(w.message, w.category, w.filename, w.lineno, line=w.line)
    return str(w.message)


def main() -> dict[str, str]:
    messages = {}
    for debug in (False, True):
        say(f"--- asyncio.run(handler(), debug={debug})")
        messages[f"debug={debug}"] = run(debug)
    return messages


if __name__ == "__main__":
    main()
