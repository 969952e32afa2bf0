"""A Manager() made without `with` keeps its process running until shutdown() ends it."""

import multiprocessing as mp
import time


def live_children() -> list[str]:
    return [child.name for child in mp.active_children()]


def main(idle: float = 0.5, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    manager = ctx.Manager()  # no `with`: nothing shuts it down for us
    scores = manager.dict(alice=3)
    print(f"scores['alice'] -> {scores['alice']}")
    time.sleep(idle)  # nothing uses the manager meanwhile: it runs on all the same
    running = live_children()
    print(f"live children {idle} s later: {running}")

    manager.shutdown()  # ends the manager process, and every object it held
    ended = live_children()
    print(f"live children after shutdown(): {ended}")
    try:
        scores["alice"]
        failed = "nothing"
    except (OSError, EOFError) as error:  # the proxy's manager is gone
        failed = type(error).__name__
    print(f"scores['alice'] after shutdown() raised {failed}")
    return {"running": running, "ended": ended, "failed": failed}


if __name__ == "__main__":
    main()
