"""In a ``TaskGroup``, one failing task cancels its siblings; the errors arrive as a group."""

import asyncio
import time


async def download(name: str, seconds: float, outcomes: dict[str, str], t0: float) -> None:
    try:
        await asyncio.sleep(seconds)
        outcomes[name] = "finished"
    except asyncio.CancelledError:
        outcomes[name] = "cancelled"
        print(f"{time.perf_counter() - t0:5.2f}s {name}: CancelledError")
        raise  # a cancelled task must let the cancellation propagate


async def broken(seconds: float, outcomes: dict[str, str], t0: float) -> None:
    await asyncio.sleep(seconds)
    outcomes["broken"] = "raised ValueError"
    print(f"{time.perf_counter() - t0:5.2f}s broken: raising ValueError")
    raise ValueError("broken download")


async def run_group(fail_after: float, sibling_seconds: float) -> tuple[dict[str, str], list]:
    outcomes: dict[str, str] = {}
    errors: list[BaseException] = []
    t0 = time.perf_counter()
    try:
        async with asyncio.TaskGroup() as group:
            for name in ("page-1", "page-2", "page-3"):
                group.create_task(download(name, sibling_seconds, outcomes, t0))
            group.create_task(broken(fail_after, outcomes, t0))
    except* ValueError as group_error:
        errors.extend(group_error.exceptions)
        print(f"{time.perf_counter() - t0:5.2f}s TaskGroup raised {group_error!r}")
    return outcomes, errors


def main(fail_after: float = 0.2, sibling_seconds: float = 2.0) -> tuple[dict[str, str], list]:
    outcomes, errors = asyncio.run(run_group(fail_after, sibling_seconds))
    for name, outcome in sorted(outcomes.items()):
        print(f"{name:<7} {outcome}")
    return outcomes, errors


if __name__ == "__main__":
    main()
