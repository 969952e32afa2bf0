"""Threads that wait, each in its own way, for $WAIT_SECONDS: asleep, on a lock the main
thread holds, reading a pipe nobody writes to yet; and the main thread waiting for a child."""

import os
import threading
import time


def main(seconds: float) -> None:
    lock = threading.Lock()
    lock.acquire()
    reading, writing = os.pipe()
    waiters = [
        threading.Thread(target=time.sleep, args=(seconds,), name="sleeper"),
        threading.Thread(target=lock.acquire, name="locked"),
        threading.Thread(target=os.read, args=(reading, 1), name="reader"),
    ]
    for waiter in waiters:
        waiter.start()
    child = os.fork()
    if child == 0:
        time.sleep(seconds)
        os._exit(0)
    os.waitpid(child, 0)  # the main thread waits for its child meanwhile
    lock.release()
    os.write(writing, b"!")
    for waiter in waiters:
        waiter.join()
    os.close(reading)
    os.close(writing)


if __name__ == "__main__":
    main(float(os.environ.get("WAIT_SECONDS", "0.4")))
