"""A generator used as a coroutine: it pauses at every ``yield`` and resumes on ``send()``."""

from collections.abc import Generator


def running_average() -> Generator[float | None, float, None]:
    """Receive numbers with ``send()`` and yield the average of everything received so far."""
    total = 0.0
    count = 0
    average = None
    while True:
        # Execution stops here; the next send() resumes it with a new value.
        value = yield average
        total += value
        count += 1
        average = total / count


def main(values: tuple[float, ...] = (10, 20, 60, 10)) -> list[float]:
    averager = running_average()
    print(f"created:  {averager!r}")
    next(averager)  # run up to the first yield ("priming" the coroutine)
    averages = []
    for value in values:
        average = averager.send(value)
        print(f"send({value:>3}) -> average {average:.2f}")
        averages.append(average)
    averager.close()  # raises GeneratorExit at the paused yield
    print("closed, state:", "finished" if averager.gi_frame is None else "suspended")
    return averages


if __name__ == "__main__":
    main()
