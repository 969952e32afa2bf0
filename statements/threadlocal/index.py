"""What threadlocal/index says of its runs."""

import re

from snippet_runner.statements import Block, Run

per_thread = Block("snippets/threadlocal/threading_local.py")
pool_leak = Block("snippets/threadlocal/threading_local_pool_leak.py")
thread_start = Block("snippets/threadlocal/contextvars_thread_start.py")

READ = r"^worker-(?P<wrote>\w+): request\.user = '(?P<read>\w+)'$"


@per_thread.says
def each_thread_read_what_it_wrote(run: Run) -> bool:
    read = run.find_all(READ)
    return len(read) >= 2 and all(m["wrote"] == m["read"] for m in read)


@per_thread.says
def the_main_thread_found_no_value(run: Run) -> bool:
    return run.find(r"^MainThread: request\.user = (.*)$")[1] == "<not set>"


TASK = re.compile(r"^  task for (?P<caller>\w+)\s+on (?P<thread>\w+): sees user '(?P<user>[^']*)'$")


def tasks(run: Run, version: str) -> dict[str, tuple[str, str]]:
    """The thread each task of one version (`handle`, …) ran on, and the user it saw."""
    lines = run.lines
    found = {}
    for line in lines[lines.index(f"{version}:") + 1 :]:
        if (match := TASK.match(line)) is None:
            break
        found[match["caller"]] = (match["thread"], match["user"])
    return found


@pool_leak.says
def the_anonymous_task_saw_alice(run: Run) -> bool:
    seen = tasks(run, "handle")
    return seen["anonymous"] == (seen["alice"][0], "alice")  # on the same thread


@pool_leak.says
def cleaned_up_the_next_task_saw_nothing(run: Run) -> bool:
    seen = tasks(run, "handle_and_clean_up")
    return seen["anonymous"] == (seen["alice"][0], "<not set>")


FLAG = r"^sys\.flags\.thread_inherit_context: (.+)$"
SEES = r"^{how}\s+reads user = '(.*)'$"


def reads(run: Run, how: str) -> str:
    return run.find(SEES.format(how=re.escape(how)))[1]


@thread_start.says
def a_copy_of_the_context_reads_the_starters_value(run: Run) -> bool:
    return reads(run, "copy_context().run") == "alice"


@thread_start.says(python="<3.14")
def before_3_14_a_new_thread_starts_empty(run: Run) -> bool:
    return run.find(FLAG)[1] == "(no such flag)" and reads(run, "plain Thread") == "<not set>"


@thread_start.says(python=">=3.14", free_threaded=False)
def with_the_gil_the_flag_is_off_and_a_new_thread_starts_empty(run: Run) -> bool:
    return run.find(FLAG)[1] == "0" and reads(run, "plain Thread") == "<not set>"


@thread_start.says(python=">=3.14", free_threaded=True)
def free_threaded_the_flag_is_on_and_a_new_thread_inherits(run: Run) -> bool:
    return run.find(FLAG)[1] == "1" and reads(run, "plain Thread") == "alice"
