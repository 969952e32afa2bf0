"""The old way to get an event loop, get_event_loop() with none running: each version differs."""

import asyncio
import sys
import warnings


async def answer() -> int:
    await asyncio.sleep(0)
    return 42


def old_style() -> str:
    """What code written before asyncio.run() (3.7) did: fetch "the" loop, then run on it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError as error:
            return f"RuntimeError: {error}"
    try:
        result = loop.run_until_complete(answer())
    finally:
        loop.close()
    warned = "; ".join(f"{w.category.__name__}: {w.message}" for w in caught)
    return f"ran, result {result}; " + (warned or "no warning")


def main() -> dict[str, object]:
    print(f"Python {sys.version_info.major}.{sys.version_info.minor}")
    old = old_style()
    print(f"asyncio.get_event_loop(): {old}")
    new = asyncio.run(answer())
    print(f"asyncio.run():            result {new}")
    return {"old": old, "new": new}


if __name__ == "__main__":
    main()
