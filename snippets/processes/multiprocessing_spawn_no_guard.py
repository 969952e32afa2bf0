"""Without the `if __name__ == "__main__":` guard, a process that imports the script again fails."""

import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

UNGUARDED_SCRIPT = textwrap.dedent(
    """
    import multiprocessing as mp
    import os

    def work():
        print("work done")

    # No guard: every process that imports this file (again) runs these lines.
    print(f"top level of {__name__} runs in {mp.current_process().name}, pid {os.getpid()}")
    context = mp.get_context(START_METHOD)
    process = context.Process(target=work)
    process.start()
    process.join()
    print(f"parent ({context.get_start_method()}): child exitcode {process.exitcode}")
    """
)
EXCEPTION = re.compile(r"^(\w+(?:Error|Exception)):(.*)$")


def exceptions_in(stderr: str) -> list[str]:
    """Each exception a traceback in `stderr` ends with: its type and its message's first
    sentence (a message may run over several lines)."""
    found, lines = [], stderr.splitlines()
    for at, line in enumerate(lines):
        if match := EXCEPTION.match(line):
            words = [match[2].strip()]
            for more in lines[at + 1 :]:
                if not more.strip() or words[-1].endswith("."):
                    break
                words.append(more.strip())
            found.append(f"{match[1]}: {' '.join(w for w in words if w)}")
    return found


def main(start_method: str | None = None, timeout: float = 30) -> dict:
    """Run the unguarded script with `start_method` (the interpreter's default if None)."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "unguarded.py"
        script.write_text(UNGUARDED_SCRIPT.replace("START_METHOD", repr(start_method)))
        run = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=timeout
        )
    print(f"the script's output (exit code {run.returncode}):")
    for line in run.stdout.splitlines():
        print(f"    {line}")
    errors = exceptions_in(run.stderr)
    print("exceptions on its stderr:" if errors else "exceptions on its stderr: none")
    for error in errors:
        print(textwrap.fill(error, width=80, initial_indent="    ", subsequent_indent="      "))
    return {"returncode": run.returncode, "stdout": run.stdout, "errors": errors}


if __name__ == "__main__":
    main()
