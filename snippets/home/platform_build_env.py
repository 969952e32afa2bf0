"""The environment this site's code ran in: interpreter, platform, cores, start method, date."""

import datetime
import multiprocessing
import os
import platform
import sys


def gil_status() -> str:
    """Free-threaded builds (3.13t and later) can run without the GIL; older ones cannot tell."""
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    if is_gil_enabled is None:
        return "enabled (no free-threaded build before 3.13)"
    return "enabled" if is_gil_enabled() else "disabled"


def main() -> dict[str, str]:
    facts = {
        "platform.python_version()": platform.python_version(),
        "platform.python_implementation()": platform.python_implementation(),
        "platform.platform()": platform.platform(),
        "os.cpu_count()": str(os.cpu_count()),
        "multiprocessing.get_start_method()": multiprocessing.get_start_method(),
        "GIL": gil_status(),
        "date (UTC)": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
    }
    print("| | |")
    print("| --- | --- |")
    for name, value in facts.items():
        label = name if " " in name or name == "GIL" else f"`{name}`"
        print(f"| {label} | {value} |")
    return facts


if __name__ == "__main__":
    main()
