"""``asyncio.gather`` returns results in the order the awaitables were passed, not finish order."""

import asyncio


async def slow_square(n: int, seconds: float, finished: list[int]) -> int:
    await asyncio.sleep(seconds)
    finished.append(n)
    print(f"finished {n} (waited {seconds:.2f}s)")
    return n * n


async def square_all(numbers: list[int], delays: list[float]) -> tuple[list[int], list[int]]:
    finished: list[int] = []
    results = await asyncio.gather(
        *(slow_square(n, delay, finished) for n, delay in zip(numbers, delays, strict=True))
    )
    return results, finished


def main(numbers: tuple[int, ...] = (1, 2, 3, 4, 5), step: float = 0.1) -> tuple[list, list]:
    # The first number waits longest, so the tasks finish in reverse order.
    delays = [step * (len(numbers) - i) for i in range(len(numbers))]
    results, finished = asyncio.run(square_all(list(numbers), delays))
    print("finish order: ", finished)
    print("gather result:", results)
    return results, finished


if __name__ == "__main__":
    main()
