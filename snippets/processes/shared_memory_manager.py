"""SharedMemoryManager: blocks made through it are unlinked when its with block ends."""

import multiprocessing as mp
import os
import struct
from multiprocessing import shared_memory
from multiprocessing.managers import SharedMemoryManager

SLOT = struct.Struct("q")  # one signed 64-bit integer per worker


def square(name: str, slot: int) -> None:
    block = shared_memory.SharedMemory(name=name)  # attach by name
    try:
        SLOT.pack_into(block.buf, slot * SLOT.size, slot * slot)  # this worker's own slot
    finally:
        block.close()  # every process closes its own view; none of them unlinks


def main(workers: int = 4, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    with SharedMemoryManager(ctx=ctx) as manager:  # starts the manager's process
        block = manager.SharedMemory(size=workers * SLOT.size)  # tracked by the manager
        name = block.name
        processes = [ctx.Process(target=square, args=(name, i)) for i in range(workers)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=30)
        values = [SLOT.unpack_from(block.buf, i * SLOT.size)[0] for i in range(workers)]
        block.close()
        print(f"values written by {workers} workers: {values}")
        print(f"inside the with block, the block exists: {os.path.exists(f'/dev/shm/{name}')}")
    gone = not os.path.exists(f"/dev/shm/{name}")
    print(f"after the with block, the block is gone: {gone}")
    return {"values": values, "gone": gone, "exitcodes": [p.exitcode for p in processes]}


if __name__ == "__main__":
    main()
