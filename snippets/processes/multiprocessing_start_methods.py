"""The three start methods side by side: where the child's copy of this module comes from."""

import multiprocessing as mp
import os
import sys

IMPORTED_IN_PID = os.getpid()  # module-level code: runs wherever this module is imported
print(f"[module level] {__name__} imported in pid {IMPORTED_IN_PID}")


def where_am_i() -> tuple[int, int, str]:
    """Run in the child: its pid, the pid that ran this module's top level, the module name."""
    return os.getpid(), IMPORTED_IN_PID, __name__


def main(start_methods: list[str] | None = None) -> dict[str, dict]:
    print(f"Python {sys.version.split()[0]} on {sys.platform}, parent pid {os.getpid()}")
    print(f"available: {mp.get_all_start_methods()}, default: {mp.get_start_method()}")
    results = {}
    for method in start_methods or mp.get_all_start_methods():
        ctx = mp.get_context(method)
        with ctx.Pool(processes=1) as pool:
            child_pid, imported_in, module_name = pool.apply(where_am_i)
        if imported_in == os.getpid():
            origin = "inherited from the parent"
        elif imported_in == child_pid:
            origin = "imported again by the child"
        else:
            origin = f"imported in pid {imported_in}"
        print(f"{method:>10}: child {child_pid} sees module {module_name!r}, {origin}")
        results[method] = {
            "parent": os.getpid(),
            "child": child_pid,
            "imported_in": imported_in,
            "module": module_name,
        }
    return results


if __name__ == "__main__":
    main()
