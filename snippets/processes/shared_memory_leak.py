"""A creator that never calls unlink(): the resource tracker removes the block, and warns."""

import os
import re
import subprocess
import sys
from multiprocessing import shared_memory

WARNING = re.compile(r"There appear to be \d+ leaked shared_memory objects to clean up at shutdown")


def in_dev_shm(name: str) -> bool:
    return os.path.exists(f"/dev/shm/{name}")  # where Linux keeps POSIX shared memory


def create(how: str) -> None:
    """A standalone program that creates a block and ends with or without unlink()."""
    block = shared_memory.SharedMemory(create=True, size=64)
    block.buf[:5] = b"hello"
    block.close()  # this process is done with its view...
    print(block.name, in_dev_shm(block.name))  # ...yet the block is still there
    if how == "unlink":
        block.unlink()  # the creator removes the block


def run_creator(how: str) -> dict:
    program = subprocess.run(
        [sys.executable, __file__, how],
        capture_output=True,  # returns once every holder of its stderr, the tracker too, has ended
        text=True,
        timeout=60,
    )
    name, after_close = program.stdout.split()
    warning = WARNING.search(program.stderr)
    return {
        "after_close": after_close == "True",
        "after_exit": in_dev_shm(name),
        "warning": warning.group(0) if warning else None,
        "returncode": program.returncode,
    }


def main() -> dict[str, dict]:
    results = {how: run_creator(how) for how in ("unlink", "forget")}
    for how, result in results.items():
        label = "creator calls unlink()" if how == "unlink" else "creator forgets unlink()"
        print(f"{label}:")
        print(f"  block still in /dev/shm after close(): {result['after_close']}")
        print(f"  block still in /dev/shm after the creator exited: {result['after_exit']}")
        print(f"  on the creator's stderr: {result['warning'] or 'nothing'}")
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1:
        create(sys.argv[1])
    else:
        main()
