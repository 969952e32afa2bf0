"""ShareableList: a list of a fixed length and a few simple types, kept in a shared memory block."""

import multiprocessing as mp
import os
from multiprocessing.shared_memory import ShareableList


def change(name: str) -> None:
    items = ShareableList(name=name)  # attach by name, like a SharedMemory
    try:
        items[0] += 1
        items[3] = items[3].upper()  # a str may change, but never grow past its first length
    finally:
        items.shm.close()  # detach this process; the parent unlinks
    print(f"child {os.getpid()} attached to {name!r} and changed items 0 and 3")


def main(start_method: str | None = None) -> dict[str, object]:
    ctx = mp.get_context(start_method)
    items = ShareableList([1, 2.5, True, "text", b"bytes", None])
    try:
        print(f"parent {os.getpid()} created {list(items)} in {items.shm.name!r}")
        child = ctx.Process(target=change, args=(items.shm.name,))
        child.start()
        child.join(timeout=30)
        seen = list(items)
        print(f"parent reads: {seen}")
        refused = {}
        try:
            items[3] = "a longer text"  # more bytes than item 3 was given
        except ValueError as error:
            refused["a longer str in item 3"] = f"ValueError: {error}"
        try:
            items.append(4)  # the length is fixed
        except AttributeError as error:
            refused["append(4)"] = f"AttributeError: {error}"
        for what, outcome in refused.items():
            print(f"{what}: {outcome}")
    finally:
        items.shm.close()
        items.shm.unlink()  # the creator destroys the block, as with any SharedMemory
    return {"seen": seen, "refused": refused, "exitcode": child.exitcode}


if __name__ == "__main__":
    main()
