"""What processes/index says of its runs."""

from snippet_runner.statements import Block, Run

getpid = Block("snippets/processes/os_getpid.py")

LINE = r"^{who}:\s+pid (?P<pid>\d+) \((?P<name>[^)]*)\)$"


@getpid.says
def the_parent_is_the_snippet_runner(run: Run) -> bool:
    this = run.find(LINE.format(who="this process"))
    parent = run.find(LINE.format(who="the one it came from"))
    return parent["name"] == "snippet-runner" and parent["pid"] != this["pid"]
