"""What processes/fork says of its runs."""

from snippet_runner.statements import Block, Run

fork = Block("snippets/processes/os_fork.py")
failure = Block("snippets/processes/os_fork_failure.py")
zombie = Block("snippets/processes/os_fork_zombie.py")
cow = Block("snippets/processes/os_fork_cow.py")
shared_fd = Block("snippets/processes/os_fork_shared_fd.py")
twice = Block("snippets/processes/os_fork_stdout_twice.py")
threads = Block("snippets/processes/os_fork_threads.py")
held_lock = Block("snippets/processes/os_fork_held_lock.py")

# ------------------------------------------------------------------ called once, returns twice

RETURNED = r"^parent (?P<parent>\d+): fork\(\) returned (?P<pid>\d+), the pid of my child$"
CHILD = r"^child  (?P<child>\d+): fork\(\) returned 0, my parent is (?P<parent>\d+)$"
EXITED = r"^parent (?P<parent>\d+): child (?P<child>\d+) exited with code (?P<code>-?\d+)$"


@fork.says
def fork_returned_the_childs_pid_to_the_parent(run: Run) -> bool:
    return run.find(RETURNED)["pid"] == run.find(CHILD)["child"]


@fork.says
def the_childs_parent_is_the_parent(run: Run) -> bool:
    return run.find(CHILD)["parent"] == run.find(RETURNED)["parent"]


@fork.says
def the_parent_reaped_exit_code_7(run: Run) -> bool:
    exited = run.find(EXITED)
    return (exited["child"], exited["code"]) == (run.find(CHILD)["child"], "7")


@failure.says
def a_failed_fork_raises_blocking_io_error(run: Run) -> bool:
    said = run.find(r"allowed no new process: (.+)$")[1]
    return said.startswith("BlockingIOError: [Errno 11]")


# ------------------------------------------------------------------ what is shared, what is not

STATE = r"^{who}\s+\d+: counter=(?P<counter>\d+) shopping=(?P<shopping>.+)$"


@cow.says
def only_the_childs_copy_changed(run: Run) -> bool:
    child, parent = run.find(STATE.format(who="child")), run.find(STATE.format(who="parent"))
    return (
        int(child["counter"]) == int(parent["counter"]) + 1
        and child["shopping"] == "['bread', 'milk']"
        and parent["shopping"] == "['bread']"
    )


@shared_fd.says
def the_offset_moved_by_the_childs_line(run: Run) -> bool:
    offset = int(run.find(r"shared offset is now (\d+)")[1])
    first = run.find(r"^file: (child .*)$")[1]
    return offset == len(first) + 1  # its newline too


@shared_fd.says
def the_parents_line_came_after_the_childs(run: Run) -> bool:
    written = [m[1] for m in run.find_all(r"^file: (\w+)", count=2)]
    return written == ["child", "parent"]


def received(run: Run, flushed: bool) -> list[str]:
    """What the pipe received in the run with or without a flush before fork()."""
    lines = run.lines
    start = lines.index(f"flush before fork: {flushed}, the pipe received:") + 1
    got = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        got.append(line.strip())
    return got


@twice.says
def unflushed_twice_flushed_once(run: Run) -> bool:
    before = "hello from before fork()"
    return received(run, False).count(before) == 2 and received(run, True).count(before) == 1


# ------------------------------------------------------------------ threads and locks

WARNING = "DeprecationWarning: This process (pid="


@threads.says
def the_child_has_only_the_forking_thread(run: Run) -> bool:
    return (
        run.number(r"(\d+) threads before fork\(\)") == 2
        and run.number(r"(\d+) thread after fork\(\)") == 1
    )


@threads.says(python=">=3.12")
def fork_with_threads_warns(run: Run) -> bool:
    return run.lines[-1].startswith(WARNING) and "may lead to deadlocks" in run.lines[-1]


@threads.says(python="<3.12")
def fork_with_threads_does_not_warn(run: Run) -> bool:
    return WARNING not in run.output


MINE = r"my_lock\.acquire\(timeout=(?P<timeout>[\d.]+)\) -> (?P<took>\w+) after (?P<s>[\d.]+) s"


@held_lock.says
def the_childs_copy_of_my_lock_stays_held(run: Run) -> bool:
    mine = run.find(rf"^child .*{MINE}")
    return mine["took"] == "False" and float(mine["s"]) >= float(mine["timeout"])


@held_lock.says
def logging_reset_its_lock_in_the_child(run: Run) -> bool:
    return run.find(r"^child .*handler\.lock\.acquire\(timeout=[\d.]+\) -> (\w+)$")[1] == "True"


@held_lock.says
def the_parent_got_my_lock_back(run: Run) -> bool:
    return run.find(r"^parent .*once 'holder' let go, my_lock\.acquire\(\) -> (\w+)$")[1] == "True"


# ------------------------------------------------------------------ reaping the child


@zombie.says
def the_child_was_a_zombie_until_waitpid(run: Run) -> bool:
    before = run.find(
        r"^child (?P<pid>\d+) has exited, nobody has waited for it: state (?P<s>\S+)$"
    )
    after = run.find(
        r"^os\.waitpid\(\) collected exit code 3; /proc/(?P<pid>\d+) is now: (?P<s>\S+)$"
    )
    return before["pid"] == after["pid"] and (before["s"], after["s"]) == ("Z", "gone")
