"""Debug mode names the task that blocked the event loop, and for how long."""

import asyncio
import logging
import logging.handlers
import time


async def load_config(seconds: float) -> str:
    time.sleep(seconds)  # a blocking call: nothing else on the loop runs meanwhile
    return "config"


async def app(seconds: float, threshold: float) -> str:
    loop = asyncio.get_running_loop()
    loop.slow_callback_duration = threshold  # 0.1 s unless changed
    return await asyncio.create_task(load_config(seconds), name="load-config")


def main(seconds: float = 0.3, threshold: float = 0.1) -> list[str]:
    logging.basicConfig(format="%(name)s %(levelname)s: %(message)s")  # print to stderr
    kept = logging.handlers.BufferingHandler(capacity=1000)  # and keep, for main()'s result
    logging.getLogger("asyncio").addHandler(kept)
    try:
        asyncio.run(app(seconds, threshold), debug=True)
    finally:
        logging.getLogger("asyncio").removeHandler(kept)
    return [record.getMessage() for record in kept.buffer]


if __name__ == "__main__":
    main()
