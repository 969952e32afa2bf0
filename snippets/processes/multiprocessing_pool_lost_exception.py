"""An exception raised in apply_async's task is kept in its AsyncResult: never get(), never seen."""

import multiprocessing as mp


def parse(text: str) -> int:
    return int(text)


def main(start_method: str | None = None) -> dict:
    ctx = mp.get_context(start_method)
    with ctx.Pool(processes=2) as pool:
        # The trap: fire and forget. The ValueError happens in a worker and is never reported.
        forgotten = pool.apply_async(parse, ("forty-two",))
        forgotten.wait(timeout=30)
        print("forgotten task: nothing printed, nothing raised;")
        print(f"    only asking tells: successful() -> {forgotten.successful()}")

        # The fix: get() re-raises the task's exception in the parent,
        kept = pool.apply_async(parse, ("forty-two",))
        raised = "nothing"
        try:
            kept.get(timeout=30)
        except ValueError as error:
            raised = f"{type(error).__name__}: {error}"
        print(f"get() raised {raised}")

        # or an error_callback hears about it as soon as it happens.
        heard = []
        callback = pool.apply_async(parse, ("forty-two",), error_callback=heard.append)
        callback.wait(timeout=30)
        print(f"error_callback received {heard!r}")
    return {"forgotten_successful": forgotten.successful(), "raised": raised, "heard": heard}


if __name__ == "__main__":
    main()
