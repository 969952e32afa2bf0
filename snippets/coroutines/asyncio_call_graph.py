"""Python 3.14's asyncio call graph: which task awaits which, from inside the program."""

import asyncio
import sys


async def fetch(url: str, graphs: list) -> None:
    await asyncio.sleep(0)
    if url == "/a":  # one of the two tasks shows its graph
        asyncio.print_call_graph()
        graphs.append(asyncio.capture_call_graph())


async def crawl(urls: list[str], graphs: list) -> None:
    async with asyncio.TaskGroup() as tg:
        for url in urls:
            tg.create_task(fetch(url, graphs), name=f"fetch {url}")


async def app(urls: list[str]) -> list[str]:
    asyncio.current_task().set_name("main")  # the task asyncio.run() made for app()
    graphs: list = []
    async with asyncio.TaskGroup() as tg:
        tg.create_task(crawl(urls, graphs), name="crawler")
    # Follow the graph from the task that captured it, to the task that awaits it, and so on.
    chain, node = [], graphs[0]
    while node is not None:
        chain.append(node.future.get_name())
        node = node.awaited_by[0] if node.awaited_by else None
    print("awaited by, from the inside out:", " <- ".join(chain))
    return chain


def main(urls: tuple[str, ...] = ("/a", "/b")) -> list[str] | None:
    if not hasattr(asyncio, "capture_call_graph"):  # added in Python 3.14
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        print(f"Python {version} has no asyncio.capture_call_graph (added in 3.14)")
        return None
    return asyncio.run(app(list(urls)))


if __name__ == "__main__":
    main()
