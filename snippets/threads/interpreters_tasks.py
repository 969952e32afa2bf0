"""A task for the worker interpreters of snippets/threads/interpreters_pool.py.

It lives in a module of its own: InterpreterPoolExecutor pickles the function it is given, by
module and name, and each worker interpreter imports that module for itself.
"""

calls = 0  # module state: every interpreter that imports this module has its own copy


def crunch(iterations: int) -> tuple[int, int, int]:
    """Pure-Python arithmetic: (the id of the interpreter that ran it, the calls that
    interpreter's copy of this module counted so far, the total)."""
    from concurrent import interpreters  # 3.14+: only the worker interpreters import this

    global calls
    calls += 1
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return interpreters.get_current().id, calls, total  # ints: shared, not pickled
