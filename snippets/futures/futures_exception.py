"""An exception raised by a task is kept in its Future: silent until result() or exception()."""

from concurrent.futures import ThreadPoolExecutor


def parse(text: str) -> int:
    return int(text)


def main() -> dict:
    with ThreadPoolExecutor(max_workers=2) as pool:
        forgotten = pool.submit(parse, "forty-two")  # nobody ever asks this one
        future = pool.submit(parse, "forty-two")
        stored = future.exception(timeout=30)  # waits like result(), returns the exception
        print(f"exception() returned {stored!r}")
        raised = None
        try:
            future.result(timeout=30)
        except ValueError as error:
            raised = error
            print(f"result() raised {type(error).__name__}: {error}")
        print(f"the same object both times: {raised is stored}")
    forgotten_failed = forgotten.exception(timeout=30) is not None
    print("the forgotten task failed too, and nothing was printed about it")
    return {"stored": stored, "same_object": raised is stored, "forgotten_failed": forgotten_failed}


if __name__ == "__main__":
    main()
