"""Without the `if __name__ == "__main__":` guard, a spawned child starts a child of its own."""

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

UNGUARDED_SCRIPT = textwrap.dedent(
    """
    import multiprocessing as mp
    import sys

    def work():
        print("work done")

    # No guard: a child that imports this file again (spawn, forkserver) reaches these lines.
    context = mp.get_context(sys.argv[1] if len(sys.argv) > 1 else None)
    process = context.Process(target=work)
    process.start()
    process.join()
    print(f"parent ({context.get_start_method()}): child exitcode {process.exitcode}")
    """
)


def main(start_method: str | None = None, timeout: float = 30) -> dict:
    """Run the unguarded script with `start_method` (the interpreter's default if None)."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "unguarded.py"
        script.write_text(UNGUARDED_SCRIPT)
        run = subprocess.run(
            [sys.executable, str(script), *([start_method] if start_method else [])],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=folder,
        )
    print(f"stdout: {run.stdout.strip()}")
    start = run.stderr.rfind("RuntimeError")
    error = run.stderr[start:].rstrip() if start >= 0 else ""
    print(f"the child's error (stderr):\n{error or '(none)'}")
    return {"stdout": run.stdout, "error": error}


if __name__ == "__main__":
    main()
