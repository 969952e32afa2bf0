"""Nested ``asyncio.timeout`` blocks: the earlier deadline fires, and only that block raises."""

import asyncio


async def fetch(outer: float, inner: float, seconds: float) -> list[str]:
    events: list[str] = []
    try:
        async with asyncio.timeout(outer):  # the whole request
            try:
                async with asyncio.timeout(inner):  # one attempt
                    await asyncio.sleep(seconds)
            except TimeoutError:
                events.append("inner block raised TimeoutError: the attempt took too long")
                await asyncio.sleep(seconds)  # a second attempt, still under the outer limit
            except asyncio.CancelledError:
                events.append("inner block saw CancelledError: not its own deadline")
                raise
    except TimeoutError:
        events.append("outer block raised TimeoutError: the whole request took too long")
    return events


def main(short: float = 0.1, long: float = 0.3, seconds: float = 60.0) -> dict[str, list[str]]:
    runs = {
        "inner first": (long, short),  # (outer, inner): the inner deadline is the earlier one
        "outer first": (short, long),
    }
    results = {}
    for label, (outer, inner) in runs.items():
        print(f"outer {outer}s, inner {inner}s:")
        results[label] = asyncio.run(fetch(outer, inner, seconds))
        for line in results[label]:
            print(f"  {line}")
    return results


if __name__ == "__main__":
    main()
