"""A process that put data on a Queue ends only after the data has been read: read, then join."""

import multiprocessing as mp
import os


def produce(q, size: int, put_done) -> None:
    q.put(b"x" * size)  # returns at once: a background thread feeds the data into a pipe
    put_done.set()
    # On exit, this process waits for that thread to write everything into the pipe.


def main(size: int = 1_000_000, patience: float = 1.0, start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    q, put_done = ctx.Queue(), ctx.Event()
    child = ctx.Process(target=produce, args=(q, size, put_done))
    child.start()
    put_done.wait(timeout=30)

    child.join(timeout=patience)  # join before reading: the child cannot finish
    stuck = child.is_alive()
    print(f"child {child.pid} after join({patience}): alive={stuck} (its data is still unread)")

    data = q.get(timeout=30)  # read first ...
    child.join(timeout=30)  # ... then join
    print(f"parent {os.getpid()} read {len(data):,} bytes; child exitcode {child.exitcode}")
    return {"stuck": stuck, "received": len(data), "exitcode": child.exitcode}


if __name__ == "__main__":
    main()
