"""Who may attach to a block: a multiprocessing child, another program, track=False (3.13+)."""

import multiprocessing as mp
import os
import re
import subprocess
import sys
from multiprocessing import resource_tracker, shared_memory

WARNING = re.compile(r"There appear to be \d+ leaked shared_memory objects to clean up at shutdown")
HAS_TRACK = sys.version_info >= (3, 13)  # SharedMemory(..., track=False) is new in 3.13


def in_dev_shm(name: str) -> bool:
    return os.path.exists(f"/dev/shm/{name}")  # where Linux keeps POSIX shared memory


def attach(name: str, track: bool = True) -> str:
    """Attach by name, read, close; never unlink: the block is not this process's to remove."""
    options = {} if track else {"track": False}
    block = shared_memory.SharedMemory(name=name, **options)
    try:
        return bytes(block.buf[:5]).decode()
    finally:
        block.close()


def attach_from_child(name: str, start_method: str | None) -> dict:
    """A child started by multiprocessing shares its parent's resource tracker."""
    ctx = mp.get_context(start_method)
    child = ctx.Process(target=attach, args=(name,))
    child.start()
    child.join(timeout=30)
    return {"exitcode": child.exitcode}


def attach_from_program(name: str, track: bool) -> dict:
    """A program started some other way (here with subprocess) gets a tracker of its own."""
    program = subprocess.run(
        [sys.executable, __file__, name, "track" if track else "no-track"],
        capture_output=True,  # returns once its stderr is closed everywhere, tracker included
        text=True,
        timeout=60,
    )
    warning = WARNING.search(program.stderr)
    return {
        "exitcode": program.returncode,
        "read": program.stdout.strip(),
        "warning": warning.group(0) if warning else None,
    }


def try_one(label: str, how, *args) -> dict:
    block = shared_memory.SharedMemory(create=True, size=64)  # this process is the creator
    block.buf[:5] = b"hello"
    result = how(block.name, *args)
    result["survived"] = in_dev_shm(block.name)
    block.close()
    if result["survived"]:
        block.unlink()  # the creator, and only the creator, removes it
    else:
        # Removed under us by another tracker: unlink() would raise FileNotFoundError, and our
        # own tracker, still holding the name, would warn at exit. Tell it the name is gone.
        resource_tracker.unregister(f"/{block.name}", "shared_memory")
    print(f"{label}:")
    print(f"  block still there for the creator: {result['survived']}")
    if "warning" in result:  # a standalone program's stderr, read by subprocess
        print(f"  on the attaching program's stderr: {result['warning'] or 'nothing'}")
    return result


def main(start_method: str | None = None) -> dict:
    results = {
        "child": try_one("a multiprocessing child attaches", attach_from_child, start_method),
        "program": try_one("a standalone program attaches", attach_from_program, True),
    }
    if HAS_TRACK:
        results["untracked"] = try_one(
            "a standalone program attaches with track=False", attach_from_program, False
        )
    else:
        print(
            f"Python {sys.version_info.major}.{sys.version_info.minor} has no track=False "
            "(added in 3.13)"
        )
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(attach(sys.argv[1], track=sys.argv[2] == "track"))
    else:
        main()
