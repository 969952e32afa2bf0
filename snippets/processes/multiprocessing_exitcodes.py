"""How a process ended, told by its exitcode: and whether its `finally` block ran."""

import multiprocessing as mp
import os
import signal
import sys
import time
from multiprocessing.process import BaseProcess  # what every context's Process is


def child(how: str, ready, finally_ran) -> None:
    # multiprocessing prints an uncaught exception's traceback to stderr: keep it out of
    # the table, whose exitcode column says the same.
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (open for the life of the process)
    try:
        ready.set()
        if how == "raises an exception":
            raise RuntimeError("boom")
        if how == "calls sys.exit(3)":
            sys.exit(3)
        if how == "returns normally":
            return
        time.sleep(30)  # the parent stops us from outside
    finally:
        finally_ran.set()


def stop_from_outside(process: BaseProcess, how: str) -> None:
    if how == "terminate()":
        process.terminate()  # SIGTERM
    elif how == "kill()":
        process.kill()  # SIGKILL
    elif how == "SIGINT, as 3.14's interrupt()":
        os.kill(process.pid, signal.SIGINT)  # KeyboardInterrupt in the child


ENDINGS = (
    "returns normally",
    "calls sys.exit(3)",
    "raises an exception",
    "terminate()",
    "kill()",
    "SIGINT, as 3.14's interrupt()",
)


def main(start_method: str | None = None) -> dict[str, tuple[int, bool]]:
    ctx = mp.get_context(start_method)
    results = {}
    print("| how the child ended | exitcode | its `finally` ran |")
    print("| --- | ---: | --- |")
    for how in ENDINGS:
        ready, finally_ran = ctx.Event(), ctx.Event()
        process = ctx.Process(target=child, args=(how, ready, finally_ran))
        process.start()
        ready.wait(timeout=10)  # the child is inside its try block
        stop_from_outside(process, how)
        process.join(timeout=10)
        if process.is_alive():  # not expected: it ignored how it was stopped; leave nothing
            process.kill()
            process.join()
        results[how] = (process.exitcode, finally_ran.is_set())
        print(f"| {how} | {process.exitcode} | {finally_ran.is_set()} |")
    return results


if __name__ == "__main__":
    main()
