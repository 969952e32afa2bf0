"""What a Process refuses to do, and what an exception in its target leaves: exitcode 1."""

import multiprocessing as mp
from collections.abc import Callable


def fail_when_told(go) -> None:
    go.wait(timeout=30)  # still running while the parent tries what a running process refuses
    raise ValueError("bad input")  # never reaches the parent: printed on the child's stderr


def attempt(label: str, call: Callable[[], object]) -> str:
    try:
        call()
    except (AssertionError, ValueError) as error:
        outcome = f"{type(error).__name__}: {error}"
    else:
        outcome = "ok"
    print(f"{label:<24}{outcome}", flush=True)
    return outcome


def main(start_method: str | None = None) -> dict[str, object]:
    ctx = mp.get_context(start_method)
    go = ctx.Event()
    process = ctx.Process(target=fail_when_told, args=(go,), name="failing")
    results = {"join() before start()": attempt("join() before start()", process.join)}
    process.start()
    results["start() again"] = attempt("start() again", process.start)
    results["close() while running"] = attempt("close() while running", process.close)
    go.set()
    process.join(timeout=30)
    results["exitcode"] = process.exitcode
    print(f"{'after join():':<24}exitcode {process.exitcode}")
    results["close() once ended"] = attempt("close() once ended", process.close)
    results["is_alive() once closed"] = attempt("is_alive() once closed", process.is_alive)
    return results


if __name__ == "__main__":
    main()
