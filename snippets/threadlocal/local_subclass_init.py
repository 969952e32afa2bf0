"""A subclass of threading.local: __init__ runs again, with the same arguments, in every thread."""

import sys
import threading


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")  # one write per line, so threads never split a line


class Settings(threading.local):
    retries = 3  # a class attribute: the default every thread sees until it sets its own

    def __init__(self, /, **values: str) -> None:
        # Runs once in the thread that creates the object, then once more in every other
        # thread, on that thread's first access, with the arguments given to the constructor.
        self.__dict__.update(values)
        self.owner = threading.current_thread().name
        say(f"  __init__ in {self.owner} with {values}")

    def describe(self) -> str:  # methods work as usual, on this thread's attributes
        return f"lang={self.lang} retries={self.retries} owner={self.owner}"


def main() -> dict:
    say("constructing Settings(lang='en') in the main thread:")
    settings = Settings(lang="en")
    seen: dict[str, list[str]] = {}

    def worker(lang: str | None) -> None:
        name = threading.current_thread().name
        before = settings.describe()  # the first access in this thread: __init__ runs here
        if lang is not None:
            settings.lang = lang  # per-thread: only this thread sees the change
            settings.retries = 5  # an instance attribute now, for this thread only
        after = settings.describe()  # no second __init__ in this thread
        seen[name] = [before, after]
        say(f"  {name}: before {before}; after {after}")

    for name, lang in (("worker-fr", "fr"), ("worker-plain", None)):
        thread = threading.Thread(target=worker, args=(lang,), name=name)
        thread.start()
        thread.join()  # one after the other, so the output reads in order
    main_view = settings.describe()
    say(f"main thread afterwards: {main_view}")
    return {"seen": seen, "main": main_view, "class_default": Settings.retries}


if __name__ == "__main__":
    main()
