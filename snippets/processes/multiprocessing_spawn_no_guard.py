"""Without the `if __name__ == "__main__":` guard, a spawned child starts a child of its own."""

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

UNGUARDED_SCRIPT = textwrap.dedent(
    """
    import multiprocessing as mp

    def work():
        print("work done")

    # No guard: a spawned child imports this file again and reaches these lines too.
    process = mp.get_context("spawn").Process(target=work)
    process.start()
    process.join()
    print(f"parent: child exitcode {process.exitcode}")
    """
)


def main(timeout: float = 30) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "unguarded.py"
        script.write_text(UNGUARDED_SCRIPT)
        run = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=folder,
        )
    print(f"stdout: {run.stdout.strip()}")
    error = run.stderr[run.stderr.rfind("RuntimeError") :].rstrip()
    print(f"the child's error (stderr):\n{error}")
    return {"stdout": run.stdout, "error": error}


if __name__ == "__main__":
    main()
