"""shared_memory.SharedMemory: a named block of bytes that any process can attach to."""

import multiprocessing as mp
import os
from multiprocessing import shared_memory


def fill(name: str, slot: int, width: int) -> None:
    block = shared_memory.SharedMemory(name=name)  # attach by name: no copy is made
    try:
        text = f"pid {os.getpid()}".encode().ljust(width)
        block.buf[slot * width : (slot + 1) * width] = text  # this worker's own slice
    finally:
        block.close()  # detach this process; the block itself lives on


def main(workers: int = 3, width: int = 16, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    block = shared_memory.SharedMemory(create=True, size=workers * width)
    try:
        print(f"parent {os.getpid()} created {block.name!r}, {block.size} bytes")
        processes = [ctx.Process(target=fill, args=(block.name, i, width)) for i in range(workers)]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        slices = [
            bytes(block.buf[i * width : (i + 1) * width]).decode().strip() for i in range(workers)
        ]
        for i, text in enumerate(slices):
            print(f"slice {i}: {text!r}")
    finally:
        block.close()  # every process closes its own view
        block.unlink()  # exactly one process (the creator) destroys the block
    try:
        shared_memory.SharedMemory(name=block.name)
        gone = False
    except FileNotFoundError:
        gone = True
    print(f"after unlink(), attaching to {block.name!r} raises FileNotFoundError: {gone}")
    return {"name": block.name, "slices": slices, "gone": gone}


if __name__ == "__main__":
    main()
