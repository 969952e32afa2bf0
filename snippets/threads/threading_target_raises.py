"""An exception in a thread's target ends that thread only: it is printed, and join() returns."""

import threading


def parse(text: str) -> int:
    return int(text)  # the thread's work, which fails on bad input


def main(text: str = "forty-two") -> dict[str, object]:
    thread = threading.Thread(target=parse, args=(text,), name="parser")
    thread.start()
    returned = thread.join()  # returns as usual: the exception went to threading.excepthook
    print(f"main: join() returned {returned}; parser alive: {thread.is_alive()}")
    restart = ""
    try:
        thread.start()  # a Thread object runs once, even after a failure
    except RuntimeError as error:
        restart = str(error)
        print(f"main: start() again: RuntimeError: {error}")
    print("main: carries on")
    return {"returned": returned, "alive": thread.is_alive(), "restart": restart}


if __name__ == "__main__":
    main()
