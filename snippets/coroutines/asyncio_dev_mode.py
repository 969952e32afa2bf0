"""``python -X dev`` shows the ResourceWarning of a connection left open; a plain run hides it."""

import os
import subprocess
import sys

# What the fresh interpreter runs: a client that forgets to close its connection.
LEAKY_CLIENT = """
import asyncio

async def echo(reader, writer):
    writer.write(await reader.readline())
    await writer.drain()
    writer.close()
    await writer.wait_closed()

async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"ping\\n")
        await writer.drain()
        await reader.readline()
        # forgotten: writer.close(); await writer.wait_closed()

asyncio.run(main())
"""
# Switches a reader's environment may hold, which would change what the child shows.
SWITCHES = ("PYTHONDEVMODE", "PYTHONWARNINGS", "PYTHONASYNCIODEBUG", "PYTHONTRACEMALLOC")


def resource_warnings(options: list[str]) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k not in SWITCHES}
    run = subprocess.run(
        [sys.executable, *options, "-c", LEAKY_CLIENT],
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    found = "ResourceWarning: unclosed"
    return [line[line.index(found) :] for line in run.stderr.splitlines() if found in line]


def main() -> dict[str, list[str]]:
    results = {}
    for label, options in (("python", []), ("python -X dev", ["-X", "dev"])):
        results[label] = resource_warnings(options)
        print(f"--- {label}: {len(results[label])} ResourceWarning about what was left open")
        for warning in results[label]:
            print(f"  {warning}")
    return results


if __name__ == "__main__":
    main()
