"""Subinterpreters (3.14+): one created by hand, then a pool of them running a task each."""

import platform

from snippets.threads import interpreters_tasks


def main(tasks: int = 4, workers: int = 2, iterations: int = 300_000) -> dict[str, object] | None:
    try:
        from concurrent import interpreters
        from concurrent.futures import InterpreterPoolExecutor
    except ImportError:
        print(
            f"Python {platform.python_version()} has no concurrent.interpreters and no "
            "InterpreterPoolExecutor: both are new in Python 3.14"
        )
        return None
    print(f"Python {platform.python_version()}")
    main_id = interpreters.get_current().id

    # One interpreter by hand: it runs code in its own __main__, in this thread.
    interp = interpreters.create()
    try:
        results = interpreters.create_queue()  # a queue is shared, not copied
        interp.prepare_main(results=results)
        interp.exec(
            "from concurrent import interpreters\n"
            "name = 'set in the other interpreter'\n"
            "results.put((interpreters.get_current().id, name))\n"
        )
        other_id, their_name = results.get(timeout=10)
    finally:
        interp.close()
    print(f"this interpreter: id {main_id}; the one created: id {other_id}")
    print(f"its __main__ says name = {their_name!r}; ours has 'name': {'name' in globals()}")

    # A pool: each worker thread runs the tasks it gets in an interpreter of its own.
    with InterpreterPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(interpreters_tasks.crunch, [iterations] * tasks, timeout=60))
    ran_in = sorted({interpreter for interpreter, _, _ in done})
    counted = {interpreter: 0 for interpreter in ran_in}  # the last count each copy reached
    for interpreter, calls_there, _ in done:
        counted[interpreter] = max(counted[interpreter], calls_there)
    print(f"{tasks} tasks, InterpreterPoolExecutor(max_workers={workers}):")
    print(f"  ran in worker interpreters with ids {ran_in}, none in this one ({main_id})")
    print(f"  the workers' copies of interpreters_tasks.calls add up to {sum(counted.values())}")
    print(f"  this interpreter's copy: {interpreters_tasks.calls}")
    same = len({total for _, _, total in done}) == 1
    print(f"  every task computed the same total: {same}")
    return {
        "main_id": main_id,
        "other_id": other_id,
        "their_name": their_name,
        "ran_in": ran_in,
        "counted": sum(counted.values()),
        "calls_here": interpreters_tasks.calls,
        "tasks": tasks,
        "workers": workers,
    }


if __name__ == "__main__":
    main()
