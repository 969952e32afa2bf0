"""After fork() the child has its own copy of the parent's memory (copy-on-write)."""

import os
import sys

counter = 100
shopping = ["bread"]


def main() -> dict[str, object]:
    global counter
    sys.stdout.flush()
    read_end, write_end = os.pipe()

    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        counter += 1  # the first write copies the page: only the child's copy changes
        shopping.append("milk")
        print(f"child  {os.getpid()}: counter={counter} shopping={shopping}", flush=True)
        os.write(write_end, f"{counter} {','.join(shopping)}".encode())
        os._exit(0)

    os.close(write_end)
    with os.fdopen(read_end) as report:
        child_counter, child_shopping = report.read().split()
    os.waitpid(pid, 0)
    print(f"parent {os.getpid()}: counter={counter} shopping={shopping}")
    return {
        "child_counter": int(child_counter),
        "child_shopping": child_shopping.split(","),
        "parent_counter": counter,
        "parent_shopping": list(shopping),
    }


if __name__ == "__main__":
    main()
