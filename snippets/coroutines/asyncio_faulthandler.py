"""``faulthandler`` shows where a hung event loop is stuck, while it hangs."""

import asyncio
import faulthandler
import time


def read_config(seconds: float) -> str:
    time.sleep(seconds)  # a blocking call deep in some library: the loop hangs here
    return "config"


async def load(seconds: float) -> str:
    return read_config(seconds)


def main(hang: float = 1.0, watchdog: float = 0.3) -> str:
    # If the program is still running after `watchdog` seconds, write every thread's stack to
    # stderr. Debug mode would only report this step once it had ended, if it ever does.
    faulthandler.dump_traceback_later(watchdog, exit=False)
    try:
        return asyncio.run(load(hang))
    finally:
        faulthandler.cancel_dump_traceback_later()


if __name__ == "__main__":
    main()
