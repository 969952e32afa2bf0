"""Stopping a ``TaskGroup`` early once its goal is met: ``cancel()`` from 3.15, a recipe before."""

import asyncio
import sys

HAS_CANCEL = hasattr(asyncio.TaskGroup, "cancel")  # TaskGroup.cancel() was added in 3.15


class StopGroup(Exception):
    """Raised by a task to stop its group (the documented recipe for Python before 3.15)."""


async def look(mirror: str, seconds: float, group, found: list[str], use_cancel: bool) -> None:
    try:
        await asyncio.sleep(seconds)  # stands in for asking one mirror
    except asyncio.CancelledError:
        found.append(f"{mirror} cancelled")
        raise
    found.insert(0, f"{mirror} found it")
    if use_cancel:
        group.cancel()  # 3.15+: the group ends quietly, no exception
    else:
        raise StopGroup  # the group cancels the others and raises it in an ExceptionGroup


async def search(delays: dict[str, float], use_cancel: bool) -> list[str]:
    found: list[str] = []
    try:
        async with asyncio.TaskGroup() as group:
            for mirror, seconds in delays.items():
                group.create_task(look(mirror, seconds, group, found, use_cancel))
    except* StopGroup:
        pass  # what we raised on purpose: nothing went wrong
    return [found[0], *sorted(found[1:])]


def main(
    delays: dict[str, float] | None = None, use_cancel: bool = HAS_CANCEL
) -> dict[str, object]:
    delays = delays or {"mirror-a": 0.3, "mirror-b": 0.1, "mirror-c": 0.5}
    version = f"Python {sys.version_info.major}.{sys.version_info.minor}"
    if use_cancel:
        print(f"{version} has TaskGroup.cancel(): the first to find it calls group.cancel()")
    else:
        print(
            f"{version} has no TaskGroup.cancel() (added in 3.15): "
            "the first to find it raises StopGroup, caught with except*"
        )
    found = asyncio.run(search(delays, use_cancel))
    for line in found:
        print(line)
    return {"has cancel": HAS_CANCEL, "found": found}


if __name__ == "__main__":
    main()
