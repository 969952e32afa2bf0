"""Under spawn and forkserver the target is pickled: a lambda cannot be, a module function can."""

import multiprocessing as mp


def greet() -> None:
    print(f"{mp.current_process().name}: hello from a module-level function")


def try_target(target, start_method: str) -> str:
    ctx = mp.get_context(start_method)
    process = ctx.Process(target=target)
    try:
        process.start()  # spawn/forkserver pickle the Process object here, before any child exists
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    process.join()
    return f"ran, exitcode {process.exitcode}"


def main(start_methods: tuple[str, ...] = ("fork", "spawn", "forkserver")) -> dict:
    results = {}
    for method in start_methods:
        for label, target in (("lambda", lambda: print("hello from a lambda")), ("greet", greet)):
            outcome = try_target(target, method)
            print(f"{method:>10}, {label:>6}: {outcome}")
            results[method, label] = outcome
    return results


if __name__ == "__main__":
    main()
