"""The three start methods side by side: where the child's copy of this module comes from."""

import multiprocessing as mp
import os
import sys

IMPORTED_IN_PID = os.getpid()  # module-level code: runs wherever this module is imported
print(f"[module level] {__name__} imported in pid {IMPORTED_IN_PID}")


def where_am_i() -> tuple[int, int, int, str]:
    """Run in the child: its pid, the pid that forked it, the pid that ran this module's top
    level, and the module's name."""
    return os.getpid(), os.getppid(), IMPORTED_IN_PID, __name__


def origin(imported_in: int, child: int, forked_by: int) -> str:
    if imported_in == os.getpid():
        return "inherited from the parent"
    if imported_in == child:
        return "imported again by the child"
    if imported_in == forked_by:  # forked by a process other than ours: the fork server
        return f"inherited from the fork server {forked_by}"
    return f"imported in pid {imported_in}"


def main(start_methods: list[str] | None = None) -> dict[str, dict]:
    print(f"Python {sys.version.split()[0]} on {sys.platform}, parent pid {os.getpid()}")
    print(f"available: {mp.get_all_start_methods()}, default: {mp.get_start_method()}")
    results = {}
    for method in start_methods or mp.get_all_start_methods():
        ctx = mp.get_context(method)
        with ctx.Pool(processes=1) as pool:
            child, forked_by, imported_in, module = pool.apply(where_am_i)
        where = origin(imported_in, child, forked_by)
        print(f"{method:>10}: child {child} sees module {module!r}, {where}")
        results[method] = {
            "parent": os.getpid(),
            "child": child,
            "forked_by": forked_by,
            "imported_in": imported_in,
            "module": module,
        }
    return results


if __name__ == "__main__":
    main()
