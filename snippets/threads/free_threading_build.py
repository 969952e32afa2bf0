"""Which build this interpreter is, whether its GIL is on, and what -X gil=0 / -X gil=1 do to it."""

import os
import platform
import subprocess
import sys
import sysconfig

# What a child interpreter reports: whether its GIL is on (None: it cannot tell, before 3.13).
REPORT = "import sys; print(getattr(sys, '_is_gil_enabled', lambda: None)())"


def gil_enabled() -> bool | None:
    """sys._is_gil_enabled() where it exists (3.13+); None before, where the GIL is always on."""
    check = getattr(sys, "_is_gil_enabled", None)
    return check() if check else None


def with_option(value: str) -> str:
    """Start this interpreter again with -X gil=`value` and say what happened."""
    env = {name: text for name, text in os.environ.items() if name != "PYTHON_GIL"}
    child = subprocess.run(
        [sys.executable, "-X", f"gil={value}", "-c", REPORT],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    if child.returncode != 0:  # a build with the GIL refuses to turn it off
        errors = [line for line in child.stderr.splitlines() if line.startswith("Fatal")]
        return f"refused, exit code {child.returncode}: {errors[0] if errors else '?'}"
    answer = child.stdout.strip()
    if answer == "None":
        return "accepted and ignored (before 3.13 the option means nothing)"
    return f"the child's sys._is_gil_enabled() is {answer}"


def main() -> dict[str, object]:
    setting = sysconfig.get_config_var("Py_GIL_DISABLED")  # 1, 0, or None before 3.13
    free_threaded = bool(setting)
    enabled = gil_enabled()
    print(f"Python {platform.python_version()}")
    build = "a free-threaded build" if free_threaded else "a build with the GIL"
    print(f'sysconfig.get_config_var("Py_GIL_DISABLED") = {setting!r}: {build}')
    if enabled is None:
        print("sys._is_gil_enabled(): not in this Python (new in 3.13); its GIL is always on")
    else:
        print(f"sys._is_gil_enabled() = {enabled}")
    options = {value: with_option(value) for value in ("1", "0")}
    for value, outcome in options.items():
        print(f"python -X gil={value}: {outcome}")
    return {"free_threaded": free_threaded, "gil_enabled": enabled, "options": options}


if __name__ == "__main__":
    main()
