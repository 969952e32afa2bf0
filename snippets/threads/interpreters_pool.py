"""Subinterpreters (3.14+): one created by hand, then a pool of them; what their failures raise."""

import platform

calls = 0  # module state: every interpreter that runs this module has its own copy


def crunch(iterations: int) -> tuple[int, int, int]:
    """Pure-Python arithmetic: (the id of the interpreter that ran it, the calls that
    interpreter's copy of this module counted so far, the total)."""
    from concurrent import interpreters

    global calls
    calls += 1
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return interpreters.get_current().id, calls, total  # ints: shared, not pickled


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
        try:
            interp.exec("raise ValueError('raised in the other interpreter')")
        except interpreters.ExecutionFailed as failed:  # the exception stays over there
            raised = f"{type(failed).__name__}, of {failed.excinfo.type.__name__}"
    finally:
        interp.close()  # an interpreter lives until it is closed, or until the process ends
    print(f"this interpreter: id {main_id}; the one created: id {other_id}")
    print(f"its __main__ says name = {their_name!r}; ours has 'name': {'name' in globals()}")
    print(f"exec() of code that raises: {raised}")

    # A pool: each worker thread runs the tasks it gets in an interpreter of its own.
    with InterpreterPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(crunch, [iterations] * tasks, timeout=60))
        failing = pool.submit(int, "not a number")
        failure = failing.exception(timeout=60)
    ran_in = sorted({interpreter for interpreter, _, _ in done})
    counted = {interpreter: 0 for interpreter in ran_in}  # the last count each copy reached
    for interpreter, calls_there, _ in done:
        counted[interpreter] = max(counted[interpreter], calls_there)
    print(f"{tasks} tasks, InterpreterPoolExecutor(max_workers={workers}):")
    print(f"  ran in worker interpreters with ids {ran_in}, none in this one ({main_id})")
    print(f"  the workers' copies of `calls` add up to {sum(counted.values())}")
    print(f"  this interpreter's copy: {calls}")
    print(f"  every task computed the same total: {len({total for _, _, total in done}) == 1}")
    print(f"a task that raises: its future holds {type(failure).__name__}: {failure}")
    return {
        "main_id": main_id,
        "other_id": other_id,
        "their_name": their_name,
        "raised": raised,
        "ran_in": ran_in,
        "counted": sum(counted.values()),
        "calls_here": calls,
        "tasks": tasks,
        "workers": workers,
        "failure": failure,
    }


if __name__ == "__main__":
    main()
