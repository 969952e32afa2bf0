"""What the home page says of its run: the build environment's tables."""

import re

from snippet_runner.statements import Block, Run

environment = Block("snippets/home/platform_build_env.py")
ROW = (
    r"^\| (?P<name>3\.\d+t?) \| (?P<version>[\d.]+\w*) \| (?P<build>free-threaded|with the GIL) \|"
)


@environment.says
def interpreters_newest_first(run: Run) -> bool:
    """Every interpreter on a row of its own, newest first, its build named."""
    rows = run.find_all(ROW)
    versions = [tuple(int(n) for n in re.findall(r"\d+", row["version"])[:3]) for row in rows]
    return bool(rows) and versions == sorted(versions, reverse=True)
