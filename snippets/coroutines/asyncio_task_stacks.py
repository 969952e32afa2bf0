"""asyncio.all_tasks() lists a loop's unfinished tasks; get_stack() shows where each waits."""

import asyncio
import sys


async def fetch(url: str, stop: asyncio.Event) -> None:
    await stop.wait()  # stands in for a network read that has not answered yet


async def crawl(urls: list[str], stop: asyncio.Event) -> None:
    async with asyncio.TaskGroup() as tg:
        for url in urls:
            tg.create_task(fetch(url, stop), name=f"fetch {url}")


async def app(urls: list[str]) -> dict[str, list[str]]:
    stop = asyncio.Event()
    crawler = asyncio.create_task(crawl(urls, stop), name="crawler")
    await asyncio.sleep(0.01)  # every task starts and waits
    waits = {}
    others = asyncio.all_tasks() - {asyncio.current_task()}  # all_tasks() includes this one
    for task in sorted(others, key=lambda t: t.get_name()):
        frames = task.get_stack()  # for a suspended task: the frame of its own coroutine only
        waits[task.get_name()] = [f"{f.f_code.co_name}:{f.f_lineno}" for f in frames]
        print(f"{task.get_name():<22} waits in {', '.join(waits[task.get_name()])}")
    print("--- crawler.print_stack():", flush=True)
    crawler.print_stack(file=sys.stdout)
    stop.set()
    await crawler
    return waits


def main(urls: tuple[str, ...] = ("/a", "/b")) -> dict[str, list[str]]:
    return asyncio.run(app(list(urls)))


if __name__ == "__main__":
    main()
