"""A process is a container of threads: they share its pid and its memory, each has its own id."""

import os
import sys
import threading

shared_list: list[str] = []  # one object in the process's memory, visible to every thread


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


def visit(all_inside: threading.Barrier, seen: dict[str, tuple[int, int]]) -> None:
    name = threading.current_thread().name
    shared_list.append(name)
    seen[name] = (os.getpid(), threading.get_native_id())
    say(f"{name}: pid={os.getpid()} native_id={threading.get_native_id()}")
    all_inside.wait(timeout=10)  # stay alive until every thread has arrived


def kernel_threads() -> int | None:
    """How many threads the kernel counts in this process (Linux: /proc/self/task)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except FileNotFoundError:
        return None


def main(workers: int = 3) -> dict[str, object]:
    shared_list.clear()
    seen: dict[str, tuple[int, int]] = {}
    counted: dict[str, int | None] = {}

    def count_threads() -> None:  # runs once, when all threads have arrived and none has left
        counted["alive"], counted["kernel"] = threading.active_count(), kernel_threads()

    all_inside = threading.Barrier(workers + 1, action=count_threads)
    threads = [
        threading.Thread(target=visit, args=(all_inside, seen), name=f"worker-{i}")
        for i in range(workers)
    ]
    for thread in threads:
        thread.start()
    seen["MainThread"] = (os.getpid(), threading.get_native_id())
    all_inside.wait(timeout=10)
    for thread in threads:
        thread.join()
    say(f"MainThread: pid={os.getpid()} native_id={threading.get_native_id()}")
    say(f"threads alive at once: {counted['alive']} (the kernel counted {counted['kernel']})")
    say(f"shared_list as the main thread sees it: {shared_list}")
    return {"seen": seen, "shared": list(shared_list), **counted}


if __name__ == "__main__":
    main()
