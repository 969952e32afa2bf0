"""Pipe(): two connected ends; each process sends and receives on its own end."""

import multiprocessing as mp
import os

STOP = None


def shout(conn) -> None:
    """Answer every message in capitals until told to stop."""
    with conn:
        for message in iter(conn.recv, STOP):  # recv() blocks until something arrives
            conn.send((os.getpid(), message.upper()))


def main(messages: tuple[str, ...] = ("ping", "hello", "bye"), start_method: str | None = None):
    ctx = mp.get_context(start_method)
    parent_end, child_end = ctx.Pipe()  # duplex by default: both ends send and receive
    child = ctx.Process(target=shout, args=(child_end,))
    child.start()
    child_end.close()  # the parent uses only its own end

    replies = []
    with parent_end:
        for message in messages:
            parent_end.send(message)  # any picklable object
            child_pid, reply = parent_end.recv()
            print(f"parent {os.getpid()} sent {message!r}, child {child_pid} replied {reply!r}")
            replies.append(reply)
        parent_end.send(STOP)
        child.join()
        try:
            parent_end.recv()  # the child's end is closed everywhere now
        except EOFError:
            print("child closed its end: recv() raised EOFError")
    print(f"child exitcode {child.exitcode}")
    return replies


if __name__ == "__main__":
    main()
