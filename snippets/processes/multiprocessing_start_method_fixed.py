"""What fixes a program's start method, after which set_start_method() raises RuntimeError."""

import multiprocessing as mp
import subprocess
import sys


def use_a_manager() -> None:
    with mp.Manager():  # starts the manager's process, and stops it
        pass


def do_nothing() -> None:
    pass


def start_a_process() -> None:
    process = mp.Process(target=do_nothing)
    process.start()
    process.join()


# What a program does first, each in a fresh interpreter: the start method is fixed per process.
FIRST_STEPS = {
    "(nothing)": lambda: None,
    "get_start_method(allow_none=True)": lambda: mp.get_start_method(allow_none=True),
    "get_start_method()": mp.get_start_method,
    "Process()": lambda: mp.Process(target=do_nothing),  # created, not started
    "Process().start()": start_a_process,
    "Queue()": mp.Queue,
    "Lock()": mp.Lock,
    "Manager()": use_a_manager,
    "set_start_method('spawn')": lambda: mp.set_start_method("spawn"),
}


def then_set_spawn(first_step: str, force: bool = False) -> str:
    """In this process: take `first_step`, then call set_start_method("spawn")."""
    FIRST_STEPS[first_step]()
    try:
        mp.set_start_method("spawn", force=force)
    except RuntimeError as error:
        return f"RuntimeError: {error}"
    return f"ok: {mp.get_start_method()!r}"


def in_a_fresh_program(*args: str) -> str:
    program = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, timeout=60
    )
    return (program.stdout or program.stderr).strip()


def main() -> dict[str, str]:
    results = {step: in_a_fresh_program(step) for step in FIRST_STEPS}
    results["get_start_method(), force=True"] = in_a_fresh_program("get_start_method()", "force")
    print(f"{'first step in a fresh program':<35}then set_start_method('spawn')")
    for step, outcome in results.items():
        print(f"{step:<35}{outcome}")
    try:
        mp.get_context("threads")  # not a start method; set_start_method() says the same
    except ValueError as error:
        results["unknown"] = f"ValueError: {error}"
    print(f"\nget_context('threads'): {results['unknown']}")
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(then_set_spawn(sys.argv[1], force="force" in sys.argv[2:]))
    else:
        main()
