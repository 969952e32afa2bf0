"""Debug mode logs what the loop does at DEBUG and INFO: the asyncio logger must let it through."""

import asyncio
import logging
import logging.handlers


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(await reader.readline())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def exchange() -> bytes:
    """A server and a client on this machine, one line there and back."""
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"ping\n")
        await writer.drain()
        reply = await reader.readline()
        writer.close()
        await writer.wait_closed()
    return reply


def run_with_logger_at(level: int) -> list[str]:
    """One exchange in debug mode, the asyncio logger at `level`; what it logged."""
    logger = logging.getLogger("asyncio")
    kept = logging.handlers.BufferingHandler(capacity=1000)  # for main()'s result
    logger.addHandler(kept)
    logger.setLevel(level)
    try:
        asyncio.run(exchange(), debug=True)
    finally:
        logger.removeHandler(kept)
        logger.setLevel(logging.NOTSET)
    return [f"{record.levelname}: {record.getMessage()}" for record in kept.buffer]


def main() -> dict[str, list[str]]:
    logging.basicConfig(format="  asyncio %(levelname)s: %(message)s")  # records go to stderr
    results = {}
    for level in (logging.WARNING, logging.DEBUG):
        name = logging.getLevelName(level)
        print(f"--- asyncio.run(..., debug=True), the asyncio logger at {name}:", flush=True)
        results[name] = run_with_logger_at(level)
        print(f"--- {len(results[name])} records logged", flush=True)
    return results


if __name__ == "__main__":
    main()
