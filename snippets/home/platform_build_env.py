"""The environment this site's code ran in: the interpreters, the platform, the cores, the date.

The site's build sets $SNIPPET_INTERPRETERS to the interpreters it found (as JSON, newest
first; the first runs the pages' programs). Run on its own, this program lists itself.
"""

import datetime
import json
import multiprocessing
import os
import platform
import sys
import sysconfig

INTERPRETERS_VARIABLE = "SNIPPET_INTERPRETERS"


def this_interpreter() -> dict:
    """What this interpreter says of itself, as the build describes each one it found."""
    return {
        "name": f"{sys.version_info.major}.{sys.version_info.minor}",
        "version": platform.python_version(),
        "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "start_method": multiprocessing.get_start_method(),
    }


def interpreters() -> list[dict]:
    listed = os.environ.get(INTERPRETERS_VARIABLE)
    return json.loads(listed) if listed else [this_interpreter()]


def main() -> dict[str, object]:
    found = interpreters()
    print("| Python | `platform.python_version()` | build | `multiprocessing.get_start_method()` |")
    print("| --- | --- | --- | --- |")
    for interpreter in found:
        build = "free-threaded" if interpreter["free_threaded"] else "with the GIL"
        print(
            f"| {interpreter['name']} | {interpreter['version']} | {build} "
            f"| {interpreter['start_method']} |"
        )
    machine = {
        "`platform.platform()`": platform.platform(),
        "`platform.python_implementation()`": platform.python_implementation(),
        "`os.cpu_count()`": str(os.cpu_count()),
        "date (UTC)": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
    }
    print()
    print("| machine | |")
    print("| --- | --- |")
    for name, value in machine.items():
        print(f"| {name} | {value} |")
    return {"interpreters": found, "machine": machine}


if __name__ == "__main__":
    main()
