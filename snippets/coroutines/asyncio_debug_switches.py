"""Three ways to turn on asyncio's debug mode, each checked in a fresh interpreter."""

import os
import subprocess
import sys

# What the fresh interpreter runs: is the loop that asyncio.run() made in debug mode?
PROBE = """
import asyncio, sys
async def probe():
    return asyncio.get_running_loop().get_debug()
debug = "debug=True" in sys.argv
print(asyncio.run(probe(), debug=True) if debug else asyncio.run(probe()))
"""

# way: (options for the interpreter, arguments for the probe, environment variables)
WAYS = {
    "nothing": ([], [], {}),
    "asyncio.run(..., debug=True)": ([], ["debug=True"], {}),
    "PYTHONASYNCIODEBUG=1": ([], [], {"PYTHONASYNCIODEBUG": "1"}),
    "python -X dev": (["-X", "dev"], [], {}),
}
SWITCHES = ("PYTHONASYNCIODEBUG", "PYTHONDEVMODE")


def debug_mode(options: list[str], arguments: list[str], environment: dict[str, str]) -> bool:
    inherited = {k: v for k, v in os.environ.items() if k not in SWITCHES}
    run = subprocess.run(
        [sys.executable, *options, "-c", PROBE, *arguments],
        env={**inherited, **environment},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return run.stdout.strip() == "True"


def main() -> dict[str, bool]:
    results = {}
    for way, (options, arguments, environment) in WAYS.items():
        results[way] = debug_mode(options, arguments, environment)
        print(f"{way:<30} loop.get_debug() = {results[way]}")
    return results


if __name__ == "__main__":
    main()
